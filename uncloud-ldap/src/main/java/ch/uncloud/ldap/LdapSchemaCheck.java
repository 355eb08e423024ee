package ch.uncloud.ldap;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.schema.AttributeTypeDefinition;
import com.unboundid.ldap.sdk.schema.ObjectClassDefinition;
import com.unboundid.ldap.sdk.schema.ObjectClassType;
import com.unboundid.ldap.sdk.schema.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks uncloud's LDAP settings against the schema the server publishes, when the directory starts:
 * the lock attribute exists and accepts the configured values, the configured lock object class
 * exists, is auxiliary and allows the attribute (it is never added to an entry otherwise), and
 * filters compare only attributes that exist with matching rules that exist, since a filter such as
 * {@code (employeeNumber>=2)} on an attribute without an ORDERING rule silently never matches.
 */
final class LdapSchemaCheck {
  private static final String BOOLEAN_SYNTAX = "1.3.6.1.4.1.1466.115.121.1.7";
  private static final String INTEGER_SYNTAX = "1.3.6.1.4.1.1466.115.121.1.27";

  private final Schema schema;

  LdapSchemaCheck(Schema schema) {
    this.schema = schema;
  }

  /**
   * @param settings the lock attribute, its values and the lock object class
   * @return every problem, each naming the key and the fix; empty if none
   */
  List<String> lockFlagProblems(LdapSettings settings) {
    List<String> problems = new ArrayList<>();
    AttributeTypeDefinition attribute = schema.getAttributeType(settings.lockAttribute());
    if (attribute == null) {
      problems.add("uncloud.ldap.lock-attribute " + settings.lockAttribute() + " is not in the directory's schema, "
          + "so the lock flag could never be written: name the attribute the directory has for it, or load uncloud's "
          + "schema (uncloud.ldif: the auxiliary class uncloudAccount with vppLock)");
      return problems;
    }
    String syntax = attribute.getBaseSyntaxOID(schema);
    for (String value : List.of(settings.lockTrue(), settings.lockFalse())) {
      if (BOOLEAN_SYNTAX.equals(syntax) && !value.equals("TRUE") && !value.equals("FALSE")) {
        problems.add("uncloud.ldap.lock-true/lock-false: " + settings.lockAttribute() + " has Boolean syntax, which "
            + "accepts only TRUE and FALSE, not '" + value + "'; set lock-true=TRUE and lock-false=FALSE");
      } else if (INTEGER_SYNTAX.equals(syntax) && !value.matches("-?[0-9]+")) {
        problems.add("uncloud.ldap.lock-true/lock-false: " + settings.lockAttribute() + " has INTEGER syntax, which "
            + "does not accept '" + value + "'; set lock-true and lock-false to whole numbers such as 1 and 0");
      }
    }
    String wanted = settings.lockObjectClass();
    if (wanted != null) {
      ObjectClassDefinition lockClass = schema.getObjectClass(wanted);
      String why = lockClass == null ? "is not in the directory's schema"
          : !allows(lockClass, attribute) ? "does not allow " + settings.lockAttribute()
          : lockClass.getObjectClassType(schema) != ObjectClassType.AUXILIARY
              ? "is not an auxiliary class, so it cannot be added to existing entries" : null;
      if (why != null) {
        problems.add("uncloud.ldap.lock-object-class " + wanted + " " + why + " (it would be added to entries "
            + "without it and every such lock write would fail): " + suggestion(attribute, settings.lockAttribute()));
      }
    }
    return problems;
  }

  /**
   * @param what the filter's key and text, for the message
   * @param filter a parsed filter
   * @return every comparison in it that can never match under this schema, naming the attribute
   */
  List<String> filterProblems(String what, Filter filter) {
    List<String> problems = new ArrayList<>();
    collect(what, filter, problems);
    return problems;
  }

  private void collect(String what, Filter filter, List<String> problems) {
    switch (filter.getFilterType()) {
      case Filter.FILTER_TYPE_AND, Filter.FILTER_TYPE_OR -> {
        for (Filter component : filter.getComponents()) {
          collect(what, component, problems);
        }
      }
      case Filter.FILTER_TYPE_NOT -> collect(what, filter.getNOTComponent(), problems);
      case Filter.FILTER_TYPE_PRESENCE, Filter.FILTER_TYPE_EQUALITY, Filter.FILTER_TYPE_SUBSTRING,
          Filter.FILTER_TYPE_GREATER_OR_EQUAL, Filter.FILTER_TYPE_LESS_OR_EQUAL -> check(what, filter, problems);
      default -> { } // approximate and extensible matches name their own rules; the server decides
    }
  }

  private void check(String what, Filter filter, List<String> problems) {
    String name = Attribute.getBaseName(filter.getAttributeName());
    AttributeTypeDefinition type = schema.getAttributeType(name);
    if (type == null) {
      problems.add(what + ": " + name + " is not an attribute of the directory's schema, so " + filter
          + " never matches; check its spelling against the directory");
      return;
    }
    String rule;
    String kind;
    switch (filter.getFilterType()) {
      case Filter.FILTER_TYPE_EQUALITY -> {
        rule = type.getEqualityMatchingRule(schema);
        kind = "EQUALITY";
      }
      case Filter.FILTER_TYPE_SUBSTRING -> {
        rule = type.getSubstringMatchingRule(schema);
        kind = "SUBSTR";
      }
      case Filter.FILTER_TYPE_GREATER_OR_EQUAL, Filter.FILTER_TYPE_LESS_OR_EQUAL -> {
        rule = type.getOrderingMatchingRule(schema);
        kind = "ORDERING";
      }
      default -> {
        return; // presence needs no matching rule
      }
    }
    if (rule == null) {
      problems.add(what + ": " + name + " has no " + kind + " matching rule in the directory's schema, so " + filter
          + " never matches for anyone; " + (kind.equals("ORDERING")
              ? "compare it with = instead, or use an attribute with an ordering rule (such as an INTEGER one)"
              : "use another attribute or comparison"));
    }
  }

  private boolean allows(ObjectClassDefinition objectClass, AttributeTypeDefinition attribute) {
    return contains(objectClass.getRequiredAttributes(schema, true), attribute)
        || contains(objectClass.getOptionalAttributes(schema, true), attribute);
  }

  private static boolean contains(Set<AttributeTypeDefinition> types, AttributeTypeDefinition attribute) {
    return types.stream().anyMatch(t -> t.getOID().equals(attribute.getOID()));
  }

  private String suggestion(AttributeTypeDefinition attribute, String attributeName) {
    Set<String> auxiliary = new TreeSet<>();
    for (ObjectClassDefinition candidate : schema.getObjectClasses()) {
      if (candidate.getObjectClassType(schema) == ObjectClassType.AUXILIARY && allows(candidate, attribute)) {
        auxiliary.add(candidate.getNameOrOID());
      }
    }
    if (auxiliary.isEmpty()) {
      return "no auxiliary class of the schema allows " + attributeName + "; set uncloud.ldap.lock-object-class=none "
          + "if the user entries' own classes allow it";
    }
    String first = auxiliary.iterator().next();
    return "the schema's auxiliary class " + String.join(", ", auxiliary) + " allows " + attributeName
        + ": set uncloud.ldap.lock-object-class=" + first + " (added to entries that lack it), or "
        + "uncloud.ldap.lock-object-class=none if every user entry has it already";
  }
}
