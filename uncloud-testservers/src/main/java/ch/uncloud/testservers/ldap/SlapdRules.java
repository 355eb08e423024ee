package ch.uncloud.testservers.ldap;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedAddRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedModifyRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSearchEntry;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSearchRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSimpleBindResult;
import com.unboundid.ldap.listener.interceptor.InMemoryOperationInterceptor;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ReadOnlySearchRequest;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.schema.AttributeTypeDefinition;
import com.unboundid.ldap.sdk.schema.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * What makes UnboundID's in-memory server answer as OpenLDAP's slapd does, where they differ:
 * <ul>
 *   <li>a {@code >=} or {@code <=} filter on an attribute without an ORDERING rule (such as
 *       {@code departmentNumber}) is Undefined, so it matches nothing (UnboundID compares it anyway);</li>
 *   <li>a second value of a single-valued attribute is {@code 19 constraintViolation}, a value against
 *       the attribute's syntax ({@code studyYear: abc}) {@code 21 invalidAttributeSyntax} (UnboundID
 *       answers 65 for both);</li>
 *   <li>access rules of a sane directory (UnboundID has none): the service account reads and writes
 *       everything; a user reads their own entry but not its password, may change only their own
 *       password, and sees nothing of other entries; no one else reads a password.</li>
 * </ul>
 */
final class SlapdRules extends InMemoryOperationInterceptor {
  private static final Pattern INTEGER = Pattern.compile("-?(0|[1-9][0-9]*)");
  private static final Map<String, Pattern> SYNTAXES = Map.of(
      "1.3.6.1.4.1.1466.115.121.1.27", INTEGER,
      "1.3.6.1.4.1.1466.115.121.1.7", Pattern.compile("TRUE|FALSE"),
      "1.3.6.1.4.1.1466.115.121.1.36", Pattern.compile("[0-9 ]+"),
      "1.3.6.1.4.1.1466.115.121.1.26", Pattern.compile("[\\x00-\\x7f]*"),
      "1.3.6.1.4.1.1466.115.121.1.15", Pattern.compile("(?s).+"));

  private final Schema schema;
  private final DN serviceAccount;
  private final Map<Long, DN> boundAs = new ConcurrentHashMap<>();
  private volatile InMemoryDirectoryServer server;

  SlapdRules(Schema schema, String serviceAccountDn) throws LDAPException {
    this.schema = schema;
    this.serviceAccount = new DN(serviceAccountDn);
  }

  /** @param server the server whose entries a modification is checked against */
  void attach(InMemoryDirectoryServer server) {
    this.server = server;
  }

  @Override
  public void processSimpleBindResult(InMemoryInterceptedSimpleBindResult result) {
    if (result.getResult().getResultCode() == ResultCode.SUCCESS) {
      try {
        boundAs.put(result.getConnectionID(), new DN(result.getRequest().getBindDN()));
      } catch (LDAPException e) {
        boundAs.remove(result.getConnectionID());
      }
    } else {
      boundAs.remove(result.getConnectionID());
    }
  }

  @Override
  public void processSearchRequest(InMemoryInterceptedSearchRequest request) {
    ReadOnlySearchRequest search = request.getRequest();
    Filter rewritten = withoutUnorderedRanges(search.getFilter(), false);
    if (!rewritten.equals(search.getFilter())) {
      SearchRequest copy = search.duplicate();
      copy.setFilter(rewritten);
      request.setRequest(copy);
    }
  }

  @Override
  public void processSearchEntry(InMemoryInterceptedSearchEntry result) {
    DN reader = boundAs.get(result.getConnectionID());
    if (reader == null || reader.equals(serviceAccount)) {
      return;
    }
    Entry entry = result.getSearchEntry();
    try {
      if (!reader.equals(entry.getParsedDN())) {
        result.setSearchEntry(null);
        return;
      }
    } catch (LDAPException e) {
      result.setSearchEntry(null);
      return;
    }
    Entry visible = entry.duplicate();
    visible.removeAttribute("userPassword");
    result.setSearchEntry(visible);
  }

  @Override
  public void processModifyRequest(InMemoryInterceptedModifyRequest request) throws LDAPException {
    DN writer = boundAs.get(request.getConnectionID());
    DN target = new DN(request.getRequest().getDN());
    if (writer != null && !writer.equals(serviceAccount)) {
      boolean ownPassword = writer.equals(target) && request.getRequest().getModifications().stream()
          .allMatch(m -> m.getAttribute().getBaseName().equalsIgnoreCase("userPassword"));
      if (!ownPassword) {
        throw new LDAPException(ResultCode.INSUFFICIENT_ACCESS_RIGHTS, "no write access to parent");
      }
    }
    InMemoryDirectoryServer directory = server;
    Entry current = directory == null ? null : directory.getEntry(target.toString());
    if (current != null) {
      List<Modification> mods = request.getRequest().getModifications();
      Entry after = Entry.applyModifications(current, true, mods.toArray(Modification[]::new));
      List<String> changed = new ArrayList<>();
      mods.forEach(m -> changed.add(m.getAttributeName()));
      check(after, changed);
    }
  }

  @Override
  public void processAddRequest(InMemoryInterceptedAddRequest request) throws LDAPException {
    Entry entry = request.getRequest().toEntry();
    List<String> names = new ArrayList<>();
    entry.getAttributes().forEach(a -> names.add(a.getName()));
    check(entry, names);
  }

  private void check(Entry entry, List<String> attributes) throws LDAPException {
    for (String name : attributes) {
      AttributeTypeDefinition type = schema.getAttributeType(name);
      Attribute attribute = entry.getAttribute(name);
      if (type == null || attribute == null) {
        continue;
      }
      String[] values = attribute.getValues();
      if (type.isSingleValued() && values.length > 1) {
        throw new LDAPException(ResultCode.CONSTRAINT_VIOLATION,
            "attribute '" + type.getNameOrOID() + "' cannot have multiple values");
      }
      Pattern syntax = SYNTAXES.get(type.getSyntaxOID(schema));
      for (int i = 0; i < values.length; i++) {
        if (syntax != null && !syntax.matcher(values[i]).matches()) {
          throw new LDAPException(ResultCode.INVALID_ATTRIBUTE_SYNTAX,
              type.getNameOrOID() + ": value #" + i + " invalid per syntax");
        }
      }
    }
  }

  /**
   * Replaces each range component on an attribute without an ORDERING rule, which slapd evaluates as
   * Undefined, by what Undefined amounts to for a match: false where it is not negated, true under
   * one negation (so the negation is false), and so on.
   */
  private Filter withoutUnorderedRanges(Filter filter, boolean negated) {
    switch (filter.getFilterType()) {
      case Filter.FILTER_TYPE_AND:
      case Filter.FILTER_TYPE_OR: {
        List<Filter> parts = new ArrayList<>();
        for (Filter component : filter.getComponents()) {
          parts.add(withoutUnorderedRanges(component, negated));
        }
        return filter.getFilterType() == Filter.FILTER_TYPE_AND ? Filter.createANDFilter(parts)
            : Filter.createORFilter(parts);
      }
      case Filter.FILTER_TYPE_NOT:
        return Filter.createNOTFilter(withoutUnorderedRanges(filter.getNOTComponent(), !negated));
      case Filter.FILTER_TYPE_GREATER_OR_EQUAL:
      case Filter.FILTER_TYPE_LESS_OR_EQUAL: {
        AttributeTypeDefinition type = schema.getAttributeType(filter.getAttributeName());
        boolean ordered = type != null && type.getOrderingMatchingRule(schema) != null;
        if (ordered) {
          return filter;
        }
        return negated ? Filter.createANDFilter() : Filter.createORFilter();
      }
      default:
        return filter;
    }
  }
}
