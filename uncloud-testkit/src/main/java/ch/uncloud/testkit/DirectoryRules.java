package ch.uncloud.testkit;

import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.schema.AttributeTypeDefinition;
import com.unboundid.ldap.sdk.schema.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * OpenLDAP slapd's rules where a naive directory differs, for {@link InMemoryAccountDirectory}: range
 * filters on attributes without an ORDERING rule are Undefined, single-valued attributes and
 * syntaxes are enforced with slapd's result codes. (uncloud-testservers' embedded LDAP server keeps
 * its own copy of these rules; the directory contract holds both to slapd.)
 */
final class DirectoryRules {
  private static final Map<String, Pattern> SYNTAXES = Map.of(
      "1.3.6.1.4.1.1466.115.121.1.27", Pattern.compile("-?(0|[1-9][0-9]*)"),
      "1.3.6.1.4.1.1466.115.121.1.7", Pattern.compile("TRUE|FALSE"),
      "1.3.6.1.4.1.1466.115.121.1.36", Pattern.compile("[0-9 ]+"),
      "1.3.6.1.4.1.1466.115.121.1.26", Pattern.compile("[\\x00-\\x7f]*"),
      "1.3.6.1.4.1.1466.115.121.1.15", Pattern.compile("(?s).+"));

  private DirectoryRules() {}

  /**
   * @return 0, or the LDAP result code slapd answers for these values of the attribute
   */
  static int check(Schema schema, String attribute, List<String> values) {
    AttributeTypeDefinition type = schema.getAttributeType(attribute);
    if (type == null) {
      return 0;
    }
    if (type.isSingleValued() && values.size() > 1) {
      return DirectoryProbe.CONSTRAINT_VIOLATION;
    }
    Pattern syntax = SYNTAXES.get(type.getSyntaxOID(schema));
    if (syntax != null && values.stream().anyMatch(v -> !syntax.matcher(v).matches())) {
      return DirectoryProbe.INVALID_ATTRIBUTE_SYNTAX;
    }
    return 0;
  }

  /**
   * @return the filter with each range component on an attribute without an ORDERING rule replaced
   *     by what slapd's Undefined amounts to: false unless negated an odd number of times
   */
  static Filter withoutUnorderedRanges(Schema schema, Filter filter, boolean negated) {
    switch (filter.getFilterType()) {
      case Filter.FILTER_TYPE_AND:
      case Filter.FILTER_TYPE_OR: {
        List<Filter> parts = new ArrayList<>();
        for (Filter component : filter.getComponents()) {
          parts.add(withoutUnorderedRanges(schema, component, negated));
        }
        return filter.getFilterType() == Filter.FILTER_TYPE_AND ? Filter.createANDFilter(parts)
            : Filter.createORFilter(parts);
      }
      case Filter.FILTER_TYPE_NOT:
        return Filter.createNOTFilter(withoutUnorderedRanges(schema, filter.getNOTComponent(), !negated));
      case Filter.FILTER_TYPE_GREATER_OR_EQUAL:
      case Filter.FILTER_TYPE_LESS_OR_EQUAL: {
        AttributeTypeDefinition type = schema.getAttributeType(filter.getAttributeName());
        if (type != null && type.getOrderingMatchingRule(schema) != null) {
          return filter;
        }
        return negated ? Filter.createANDFilter() : Filter.createORFilter();
      }
      default:
        return filter;
    }
  }
}
