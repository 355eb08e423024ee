package ch.uncloud.testservers.ldap;

import ch.uncloud.api.Username;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSearchRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryOperationInterceptor;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.SearchRequest;
import java.util.Arrays;

/**
 * Makes the in-memory server match user names as OpenLDAP's {@code caseIgnoreMatch} does: UnboundID
 * only folds case, while slapd also applies Unicode compatibility normalization and ignores spaces at
 * the ends, so fullwidth {@code ｎｅｔｈｚｕｓｅｒ} finds {@code nethzuser} there. Every equality
 * assertion on {@code uid} is replaced by its {@link Username#matchKey(String)} before the server
 * evaluates it; the server folds case on both sides as slapd does, so both then compare alike.
 */
final class UidMatching extends InMemoryOperationInterceptor {
  private static final String UID_OID = "0.9.2342.19200300.100.1.1";

  @Override
  public void processSearchRequest(InMemoryInterceptedSearchRequest request) {
    Filter filter = request.getRequest().getFilter();
    Filter prepared = prepare(filter);
    if (!prepared.equals(filter)) {
      SearchRequest copy = request.getRequest().duplicate();
      copy.setFilter(prepared);
      request.setRequest(copy);
    }
  }

  private static Filter prepare(Filter filter) {
    return switch (filter.getFilterType()) {
      case Filter.FILTER_TYPE_AND -> Filter.createANDFilter(prepareAll(filter.getComponents()));
      case Filter.FILTER_TYPE_OR -> Filter.createORFilter(prepareAll(filter.getComponents()));
      case Filter.FILTER_TYPE_NOT -> Filter.createNOTFilter(prepare(filter.getNOTComponent()));
      case Filter.FILTER_TYPE_EQUALITY -> isUid(filter.getAttributeName()) ? prepareUid(filter) : filter;
      default -> filter;
    };
  }

  /**
   * The assertion's key, unless normalization made a capital of it ({@code ℌ} becomes {@code H}): the
   * server would fold that capital once more, which slapd does not, so such a value stays as sent.
   */
  private static Filter prepareUid(Filter filter) {
    String key = Username.matchKey(filter.getAssertionValue());
    boolean foldable = key.codePoints().anyMatch(c -> Character.toLowerCase(c) != c);
    return foldable ? filter : Filter.createEqualityFilter(filter.getAttributeName(), key);
  }

  private static Filter[] prepareAll(Filter[] components) {
    return Arrays.stream(components).map(UidMatching::prepare).toArray(Filter[]::new);
  }

  private static boolean isUid(String attribute) {
    return attribute.equalsIgnoreCase("uid") || attribute.equalsIgnoreCase("userid") || attribute.equals(UID_OID);
  }
}
