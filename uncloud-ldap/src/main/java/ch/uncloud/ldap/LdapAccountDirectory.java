package ch.uncloud.ldap;

import ch.uncloud.api.BadCredentialsException;
import ch.uncloud.api.BadCredentialsException.Reason;
import ch.uncloud.api.ConfigurationException;
import ch.uncloud.api.ErrorCodes;
import ch.uncloud.api.InvalidRequestException;
import ch.uncloud.api.NotFoundException;
import ch.uncloud.api.Secret;
import ch.uncloud.api.Username;
import ch.uncloud.spi.AccountDirectory;
import ch.uncloud.spi.DirectoryEntry;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPSearchException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.ModifyRequest;
import com.unboundid.ldap.sdk.RDN;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.SimpleBindRequest;
import com.unboundid.ldap.sdk.experimental.DraftBeheraLDAPPasswordPolicy10ErrorType;
import com.unboundid.ldap.sdk.experimental.DraftBeheraLDAPPasswordPolicy10RequestControl;
import com.unboundid.ldap.sdk.experimental.DraftBeheraLDAPPasswordPolicy10ResponseControl;
import com.unboundid.ldap.sdk.schema.Schema;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The account directory over LDAP (UnboundID LDAP SDK): users, password checks, per-service access
 * filters, group membership and the lock flag.
 *
 * <ul>
 *   <li>Users are found by {@code user-attribute} (default {@code uid}) below {@code user-base}.
 *   <li>Authentication searches the user's DN with the service account, then binds as the user on a
 *       connection of a separate bind pool (or a fresh connection), never on the service pool.
 *       Unknown name, wrong password and disabled account give {@link BadCredentialsException}s with
 *       distinct {@link Reason}s and one identical message.
 *   <li>{@link #isAuthorized} checks the service's filter against the user's entry (a base-scope
 *       search on the user's DN); {@link #isMember} reads {@code memberOf}, then the group's
 *       {@code member}/{@code uniqueMember} list (groups named by {@code cn} below {@code group-base},
 *       or by DN).
 *   <li>The lock flag is {@code lock-attribute} with values {@code lock-true}/{@code lock-false};
 *       absent means unlocked, an unrecognised value counts as locked. Writes happen only when the
 *       value changes.
 * </ul>
 *
 * <p>Every user-supplied value in a filter is escaped. Passwords are never logged. Servers that
 * cannot be reached, are too slow, or a pool that stays exhausted give a retryable
 * {@link ch.uncloud.api.ProviderUnavailableException}; refused service credentials, missing bases
 * and schema problems give a {@link ConfigurationException}. Thread-safe.
 */
public final class LdapAccountDirectory implements AccountDirectory, ch.uncloud.spi.MeteredProvider {
  private static final Logger log = LoggerFactory.getLogger(LdapAccountDirectory.class);
  private static final String NO_ATTRIBUTES = "1.1";
  private static final Pattern AD_DISABLED = Pattern.compile("\\bdata (530|531|532|533|701|773|775)\\b");

  private enum LockValue { LOCKED, UNLOCKED, ABSENT, UNRECOGNISED }

  private final LdapSettings settings;
  private final LdapConnections connections;
  private final Filter userFilter;
  private final Filter disabledFilter;
  private final DN groupBase;
  private final String absentUserDn;
  private final LdapSchemaCheck schema;
  private final AtomicBoolean closed = new AtomicBoolean();
  /** Told of every request; {@code null} (no meter registry): nothing is timed. */
  private volatile LdapMeters meters;

  LdapAccountDirectory(LdapSettings settings) {
    this.settings = settings;
    this.userFilter = settings.userFilter() == null ? null : parseConfigFilter("user-filter", settings.userFilter());
    this.disabledFilter = settings.disabledFilter() == null ? null
        : parseConfigFilter("disabled-filter", settings.disabledFilter());
    try {
      this.groupBase = settings.groupBase() == null ? null : new DN(settings.groupBase());
      this.absentUserDn = new DN(new RDN("cn", "uncloud-no-such-user"), new DN(settings.userBase())).toString();
      this.connections = LdapConnections.open(settings);
    } catch (LDAPException e) {
      throw LdapFailures.map("connecting to the LDAP directory", e, settings);
    }
    this.schema = readSchema();
    checkAgainstSchema();
    warnIfPlain();
    log.info("LDAP account directory ready: {} ({}), users below {}", settings.describeServers(),
        settings.tls(), settings.userBase());
  }

  /** The server's schema, or {@code null} if it does not publish one (then nothing is checked). */
  private LdapSchemaCheck readSchema() {
    try {
      Schema published = connections.service().getSchema();
      if (published != null) {
        return new LdapSchemaCheck(published);
      }
      log.warn("the LDAP directory publishes no schema, so the lock flag settings and filters cannot be checked "
          + "at start; a lock write the schema refuses is reported as pending and retried by reconciliation");
    } catch (LDAPException e) {
      log.warn("the LDAP directory's schema cannot be read ({}), so the lock flag settings and filters cannot be "
          + "checked at start", e.getResultCode());
    }
    return null;
  }

  /** Refuses to start with lock flag settings or filters the server's schema cannot honour. */
  private void checkAgainstSchema() {
    if (schema == null) {
      return;
    }
    List<String> problems = new ArrayList<>(schema.lockFlagProblems(settings));
    if (userFilter != null) {
      problems.addAll(schema.filterProblems("uncloud.ldap.user-filter " + settings.userFilter(), userFilter));
    }
    if (disabledFilter != null) {
      problems.addAll(schema.filterProblems("uncloud.ldap.disabled-filter " + settings.disabledFilter(),
          disabledFilter));
    }
    if (!problems.isEmpty()) {
      connections.close();
      throw new ConfigurationException("the LDAP directory's schema does not fit the configuration ("
          + problems.size() + (problems.size() == 1 ? " problem" : " problems") + "):\n  - "
          + String.join("\n  - ", problems));
    }
  }

  private void warnIfPlain() {
    if (settings.tls() != LdapTls.NONE) {
      return;
    }
    for (LdapSettings.Server server : settings.servers()) {
      if (!isLoopback(server.host())) {
        log.warn("uncloud.ldap.tls=none: passwords cross the network to {} in clear; use starttls or ldaps unless "
            + "the network to it is trusted", server);
      }
    }
  }

  private static boolean isLoopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /** @return a builder for a directory configured in code */
  public static LdapAccountDirectoryBuilder builder() {
    return new LdapAccountDirectoryBuilder();
  }

  @Override
  public Optional<DirectoryEntry> find(Username user) {
    Objects.requireNonNull(user, "user");
    return lookup(user).map(entry -> toAccount(user, entry));
  }

  @Override
  public DirectoryEntry authenticate(Username user, Secret password) {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
    Optional<SearchResultEntry> entry = lookup(user);
    if (entry.isEmpty()) {
      if (!password.isEmpty()) {
        // a bind against a DN that cannot exist costs what a real one costs, so timing does not reveal names
        tryUserBind(absentUserDn, password);
      }
      throw refused(user, Reason.UNKNOWN_NAME);
    }
    String dn = entry.get().getDN();
    if (password.isEmpty()) {
      // an empty password would be an anonymous ("unauthenticated") bind, which servers accept
      throw refused(user, Reason.WRONG_PASSWORD);
    }
    LDAPException failure = tryUserBind(dn, password);
    if (failure != null) {
      throw refused(user, reasonFor(failure, user));
    }
    if (disabledFilter != null && matches(dn, disabledFilter, "checking whether " + user + " is disabled")) {
      throw refused(user, Reason.ACCOUNT_DISABLED);
    }
    return toAccount(user, entry.get());
  }

  @Override
  public boolean isAuthorized(Username user, String accessFilter) {
    Objects.requireNonNull(user, "user");
    Filter filter = parseAccessFilter(accessFilter);
    Optional<SearchResultEntry> entry = lookup(user);
    if (entry.isEmpty()) {
      return false;
    }
    return filter == null || matches(entry.get().getDN(), filter, "checking the access rule for " + user);
  }

  @Override
  public List<String> accessFilterProblems(String accessFilter) {
    if (accessFilter == null || accessFilter.isBlank()) {
      return List.of();
    }
    Filter filter;
    try {
      filter = Filter.create(accessFilter.trim());
    } catch (LDAPException e) {
      return List.of("access filter " + accessFilter + " is not a valid LDAP filter: " + e.getMessage());
    }
    return schema == null ? List.of() : schema.filterProblems("access filter " + accessFilter.trim(), filter);
  }

  @Override
  public boolean isMember(Username user, String group) {
    Objects.requireNonNull(user, "user");
    if (group == null || group.isBlank()) {
      throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, "group is missing; give the group's cn or its DN");
    }
    DN groupDn = parseGroupDn(group.trim());
    Optional<SearchResultEntry> found = lookup(user);
    if (found.isEmpty()) {
      return false;
    }
    SearchResultEntry entry = found.get();
    String[] memberOf = entry.getAttributeValues(settings.memberOfAttribute());
    if (memberOf != null) {
      for (String value : memberOf) {
        if (isSameGroup(value, groupDn, group.trim())) {
          return true;
        }
      }
    }
    List<Filter> memberships = new ArrayList<>();
    for (String attribute : settings.groupMemberAttributes()) {
      memberships.add(Filter.createEqualityFilter(attribute, entry.getDN()));
    }
    Filter isListed = Filter.createORFilter(memberships);
    String what = "checking whether " + user + " is a member of " + group;
    if (groupDn != null) {
      return matches(groupDn.toString(), isListed, what);
    }
    if (groupBase == null) {
      return false;
    }
    Filter named = Filter.createANDFilter(
        Filter.createEqualityFilter(settings.groupAttribute(), group.trim()), isListed);
    return count(searchRequest(groupBase.toString(), SearchScope.SUB, named, 1, NO_ATTRIBUTES), what) > 0;
  }

  /**
   * The users a group lists: its {@code group-member-attributes} DNs (each a user entry below
   * {@code user-base}), then its {@code group-member-name-attributes} names ({@code memberUid}), each
   * answered with the user's stored name. A DN or name that resolves to no user is left out (a
   * deleted account, a nested group); nested groups are not followed. A group is named by its
   * {@code group-attribute} below {@code group-base}, or by its DN; an unknown group has no members.
   *
   * @throws ConfigurationException if the group is named by cn and {@code uncloud.ldap.group-base} is
   *     not set, or if the name matches several groups
   */
  @Override
  public List<Username> members(String group) {
    if (group == null || group.isBlank()) {
      throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, "group is missing; give the group's cn or its DN");
    }
    Optional<SearchResultEntry> found = groupEntry(group.trim());
    if (found.isEmpty()) {
      log.debug("group {} not found; it has no members", group);
      return List.of();
    }
    TreeSet<Username> members = new TreeSet<>(Comparator.comparing(Username::value));
    for (String attribute : settings.groupMemberAttributes()) {
      for (String dn : values(found.get(), attribute)) {
        userByDn(dn).ifPresent(members::add);
      }
    }
    for (String attribute : settings.groupMemberNameAttributes()) {
      for (String name : values(found.get(), attribute)) {
        userByName(name).ifPresent(members::add);
      }
    }
    return List.copyOf(members);
  }

  private Optional<SearchResultEntry> groupEntry(String group) {
    DN groupDn = parseGroupDn(group);
    List<String> attributes = new ArrayList<>(settings.groupMemberAttributes());
    attributes.addAll(settings.groupMemberNameAttributes());
    String what = "listing the members of group " + group;
    if (groupDn != null) {
      return search(searchRequest(groupDn.toString(), SearchScope.BASE, Filter.createPresenceFilter("objectClass"), 1,
          attributes.toArray(String[]::new)), what).stream().findFirst();
    }
    if (groupBase == null) {
      throw new ConfigurationException("group " + group + " is named by " + settings.groupAttribute()
          + ", but uncloud.ldap.group-base is not set; set it to the DN below which groups live "
          + "(e.g. ou=groups,dc=example,dc=org) or name the group by its DN");
    }
    List<SearchResultEntry> entries = search(searchRequest(groupBase.toString(), SearchScope.SUB,
        Filter.createEqualityFilter(settings.groupAttribute(), group), 2, attributes.toArray(String[]::new)), what);
    if (entries.size() > 1) {
      throw new ConfigurationException("group name " + group + " matches several entries below " + groupBase
          + "; name the group by its DN");
    }
    return entries.stream().findFirst();
  }

  /** The user whose entry a member DN names, if it is a user below {@code user-base}. */
  private Optional<Username> userByDn(String memberDn) {
    DN dn;
    try {
      dn = new DN(memberDn);
      if (!dn.isDescendantOf(settings.userBase(), false)) {
        return Optional.empty();
      }
    } catch (LDAPException e) {
      log.debug("member value {} is no DN; skipped", memberDn);
      return Optional.empty();
    }
    Filter isUser = Filter.createPresenceFilter(settings.userAttribute());
    if (userFilter != null) {
      isUser = Filter.createANDFilter(isUser, userFilter);
    }
    return search(searchRequest(dn.toString(), SearchScope.BASE, isUser, 1, settings.userAttribute()),
        "resolving group member " + memberDn).stream().findFirst().flatMap(this::nameOf);
  }

  private Optional<Username> userByName(String name) {
    try {
      Username user = Username.of(name);
      return lookup(user).map(entry -> storedName(user, entry));
    } catch (InvalidRequestException e) {
      log.debug("member name {} is no user name; skipped", name);
      return Optional.empty();
    }
  }

  /** The stored name of an entry found by DN: its RDN's user attribute, else the attribute's only value. */
  private Optional<Username> nameOf(SearchResultEntry entry) {
    Optional<Username> named = nameInRdn(entry);
    if (named.isPresent()) {
      return named;
    }
    String[] values = entry.getAttributeValues(settings.userAttribute());
    if (values == null || values.length != 1) {
      return Optional.empty();
    }
    try {
      return Optional.of(Username.of(values[0]));
    } catch (InvalidRequestException e) {
      return Optional.empty();
    }
  }

  private static List<String> values(SearchResultEntry entry, String attribute) {
    String[] values = entry.getAttributeValues(attribute);
    return values == null ? List.of() : List.of(values);
  }

  private List<SearchResultEntry> search(SearchRequest request, String what) {
    LdapMeters observing = meters;
    long started = observing == null ? 0 : System.nanoTime();
    boolean failed = true;
    try {
      List<SearchResultEntry> found = pool().search(request).getSearchEntries();
      failed = false;
      return found;
    } catch (LDAPSearchException e) {
      failed = e.getResultCode() != ResultCode.SIZE_LIMIT_EXCEEDED && e.getResultCode() != ResultCode.NO_SUCH_OBJECT;
      if (e.getResultCode() == ResultCode.SIZE_LIMIT_EXCEEDED) {
        return e.getSearchEntries();
      }
      if (e.getResultCode() == ResultCode.NO_SUCH_OBJECT && request.getScope() == SearchScope.BASE) {
        return List.of(); // a deleted member's entry, or a group DN that does not exist
      }
      throw LdapFailures.map(what, e, settings);
    } finally {
      if (observing != null) {
        observing.request("search", System.nanoTime() - started, failed);
      }
    }
  }

  @Override
  public boolean isLocked(Username user) {
    Objects.requireNonNull(user, "user");
    SearchResultEntry entry = lookup(user).orElseThrow(() -> unknownUser(user));
    LockValue value = lockValue(entry, user);
    return value == LockValue.LOCKED || value == LockValue.UNRECOGNISED;
  }

  @Override
  public void setLocked(Username user, boolean locked) {
    Objects.requireNonNull(user, "user");
    SearchResultEntry entry = lookup(user).orElseThrow(() -> unknownUser(user));
    LockValue current = lockValue(entry, user);
    boolean unchanged = locked ? current == LockValue.LOCKED
        : current == LockValue.UNLOCKED || current == LockValue.ABSENT;
    if (unchanged) {
      return;
    }
    String value = locked ? settings.lockTrue() : settings.lockFalse();
    List<Modification> changes = new ArrayList<>();
    if (settings.lockObjectClass() != null && !entry.hasObjectClass(settings.lockObjectClass())) {
      changes.add(new Modification(ModificationType.ADD, "objectClass", settings.lockObjectClass()));
    }
    changes.add(new Modification(ModificationType.REPLACE, settings.lockAttribute(), value));
    ModifyRequest request = new ModifyRequest(entry.getDN(), changes);
    request.setResponseTimeoutMillis(settings.operationTimeout().toMillis());
    LdapMeters observing = meters;
    long started = observing == null ? 0 : System.nanoTime();
    boolean failed = true;
    try {
      pool().modify(request);
      failed = false;
    } catch (LDAPException e) {
      if (e.getResultCode() == ResultCode.NO_SUCH_OBJECT) {
        throw unknownUser(user);
      }
      throw LdapFailures.map("setting the lock flag of " + user, e, settings);
    } finally {
      if (observing != null) {
        observing.request("modify", System.nanoTime() - started, failed);
        observing.lockFlagWrite(failed);
      }
    }
    log.info("lock flag of {} set to {}={}", user, settings.lockAttribute(), value);
  }

  /**
   * Records how long each directory request takes ({@code uncloud.directory.latency}, by operation
   * {@code lookup}, {@code search}, {@code modify} and outcome), the lock-flag writes and their failures
   * ({@code uncloud.directory.lock.flag.writes}, by outcome) and the service pool's connections
   * ({@code uncloud.directory.pool.connections}, by state).
   */
  @Override
  public void recordMetricsTo(Object meterRegistry) {
    meters = LdapMeters.on(meterRegistry, () -> pool().getConnectionPoolStatistics());
  }

  /** Closes both pools. Idempotent; later calls fail with {@link IllegalStateException}. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      connections.close();
    }
  }

  @Override
  public String toString() {
    return "LdapAccountDirectory[" + settings.describeServers() + ", users below " + settings.userBase() + "]";
  }

  // --- lookups

  private Optional<SearchResultEntry> lookup(Username user) {
    List<Filter> parts = new ArrayList<>();
    parts.add(Filter.createEqualityFilter(settings.userAttribute(), user.value()));
    if (userFilter != null) {
      parts.add(userFilter);
    }
    Filter filter = parts.size() == 1 ? parts.get(0) : Filter.createANDFilter(parts);
    SearchRequest request = searchRequest(settings.userBase(), SearchScope.SUB, filter, 2,
        "*", settings.memberOfAttribute());
    List<SearchResultEntry> entries;
    LdapMeters observing = meters;
    long started = observing == null ? 0 : System.nanoTime();
    boolean failed = true;
    try {
      entries = pool().search(request).getSearchEntries();
      failed = false;
    } catch (LDAPSearchException e) {
      if (e.getResultCode() != ResultCode.SIZE_LIMIT_EXCEEDED) {
        throw LdapFailures.map("looking up user " + user, e, settings);
      }
      failed = false;
      entries = e.getSearchEntries();
    } finally {
      if (observing != null) {
        observing.request("lookup", System.nanoTime() - started, failed);
      }
    }
    if (entries.size() > 1) {
      log.warn("user name {} matches several entries below {}; refusing it. Make {} unique or narrow "
          + "uncloud.ldap.user-filter", user, settings.userBase(), settings.userAttribute());
      return Optional.empty();
    }
    return entries.stream().findFirst();
  }

  private boolean matches(String dn, Filter filter, String what) {
    return count(searchRequest(dn, SearchScope.BASE, filter, 1, NO_ATTRIBUTES), what) > 0;
  }

  private int count(SearchRequest request, String what) {
    return search(request, what).size();
  }

  private SearchRequest searchRequest(String base, SearchScope scope, Filter filter, int sizeLimit,
      String... attributes) {
    SearchRequest request = new SearchRequest(base, scope, filter, attributes);
    request.setSizeLimit(sizeLimit);
    long millis = settings.operationTimeout().toMillis();
    request.setTimeLimitSeconds((int) Math.max(1, (millis + 999) / 1000));
    request.setResponseTimeoutMillis(millis);
    return request;
  }

  // --- binds

  /** @return {@code null} if the bind succeeded, else the refusal */
  private LDAPException tryUserBind(String dn, Secret password) {
    SimpleBindRequest request = new SimpleBindRequest(dn, password.reveal(),
        new DraftBeheraLDAPPasswordPolicy10RequestControl(false));
    request.setResponseTimeoutMillis(settings.operationTimeout().toMillis());
    try {
      LDAPConnectionPool bindPool = connections.bindPoolOrNull();
      if (bindPool != null) {
        requireOpen();
        bindPool.bind(request);
      } else {
        try (LDAPConnection connection = connections.newConnection()) {
          connection.bind(request);
        }
      }
      return null;
    } catch (LDAPException e) {
      return e;
    }
  }

  private Reason reasonFor(LDAPException failure, Username user) {
    ResultCode code = failure.getResultCode();
    if (passwordPolicyLocked(failure) || activeDirectoryDisabled(failure)) {
      return Reason.ACCOUNT_DISABLED;
    }
    if (code == ResultCode.INVALID_CREDENTIALS || code == ResultCode.INAPPROPRIATE_AUTHENTICATION) {
      return Reason.WRONG_PASSWORD;
    }
    if (code == ResultCode.UNWILLING_TO_PERFORM) {
      return Reason.ACCOUNT_DISABLED;
    }
    throw LdapFailures.map("checking the password of " + user, failure, settings);
  }

  private static boolean passwordPolicyLocked(LDAPException failure) {
    try {
      DraftBeheraLDAPPasswordPolicy10ResponseControl control =
          DraftBeheraLDAPPasswordPolicy10ResponseControl.get(failure.toLDAPResult());
      return control != null && (control.getErrorType() == DraftBeheraLDAPPasswordPolicy10ErrorType.ACCOUNT_LOCKED
          || control.getErrorType() == DraftBeheraLDAPPasswordPolicy10ErrorType.PASSWORD_EXPIRED);
    } catch (LDAPException e) {
      return false; // a malformed control says nothing about the account
    }
  }

  /**
   * Active Directory answers every refused bind with invalidCredentials and tells why in the
   * diagnostic text: {@code data 52e} is a wrong password, while 530, 531, 532, 533, 701, 773 and
   * 775 mean the account may not log in now (hours, workstation, expired password, disabled,
   * expired account, must change password, locked out).
   */
  private static boolean activeDirectoryDisabled(LDAPException failure) {
    String diagnostic = failure.getDiagnosticMessage();
    return diagnostic != null && AD_DISABLED.matcher(diagnostic).find();
  }

  private static BadCredentialsException refused(Username user, Reason reason) {
    log.debug("authentication of {} refused: {}", user, reason);
    return new BadCredentialsException(reason);
  }

  // --- helpers

  private LDAPConnectionPool pool() {
    requireOpen();
    return connections.service();
  }

  private void requireOpen() {
    if (closed.get()) {
      throw new IllegalStateException("this LDAP account directory is closed; create a new one");
    }
  }

  private LockValue lockValue(SearchResultEntry entry, Username user) {
    String value = entry.getAttributeValue(settings.lockAttribute());
    if (value == null) {
      return LockValue.ABSENT;
    }
    if (value.equalsIgnoreCase(settings.lockTrue())) {
      return LockValue.LOCKED;
    }
    if (value.equalsIgnoreCase(settings.lockFalse())) {
      return LockValue.UNLOCKED;
    }
    log.warn("{} of {} is '{}', neither {} nor {}; treating the account as locked", settings.lockAttribute(),
        user, value, settings.lockTrue(), settings.lockFalse());
    return LockValue.UNRECOGNISED;
  }

  private boolean isSameGroup(String memberOfValue, DN groupDn, String groupName) {
    DN dn;
    try {
      dn = new DN(memberOfValue);
    } catch (LDAPException e) {
      return false;
    }
    if (groupDn != null) {
      return dn.equals(groupDn);
    }
    RDN rdn = dn.getRDN();
    if (rdn == null || (groupBase != null && !dn.isDescendantOf(groupBase, false))) {
      return false;
    }
    String[] names = rdn.getAttributeNames();
    String[] values = rdn.getAttributeValues();
    for (int i = 0; i < names.length; i++) {
      if (names[i].equalsIgnoreCase(settings.groupAttribute()) && values[i].equalsIgnoreCase(groupName)) {
        return true;
      }
    }
    return false;
  }

  private static DN parseGroupDn(String group) {
    if (!group.contains("=")) {
      return null;
    }
    try {
      return new DN(group);
    } catch (LDAPException e) {
      throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, "group '" + group + "' is neither a plain name nor a valid DN: "
          + e.getMessage(), e);
    }
  }

  private static Filter parseAccessFilter(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return Filter.create(text.trim());
    } catch (LDAPException e) {
      throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, "access rule '" + text + "' is not a valid LDAP filter: "
          + e.getMessage() + "; write it like (&(departmentNumber=D-ARCH)(studyYear>=2))", e);
    }
  }

  private static Filter parseConfigFilter(String key, String text) {
    try {
      return Filter.create(text);
    } catch (LDAPException e) {
      throw new ConfigurationException("uncloud.ldap." + key + " is not a valid LDAP filter: " + e.getMessage(), e);
    }
  }

  private static NotFoundException unknownUser(Username user) {
    return new NotFoundException(ErrorCodes.UNKNOWN_USER, "unknown user " + user + ": no entry with that name in the LDAP directory; "
        + "check the spelling or uncloud.ldap.user-base");
  }

  private LdapAccount toAccount(Username requested, SearchResultEntry entry) {
    Username name = storedName(requested, entry);
    Map<String, List<String>> attributes = new LinkedHashMap<>();
    for (Attribute attribute : entry.getAttributes()) {
      String key = attribute.getName().toLowerCase(Locale.ROOT);
      if (!isSecret(key)) {
        attributes.put(key, List.of(attribute.getValues()));
      }
    }
    String display = entry.getAttributeValue("displayName");
    if (display == null) {
      display = entry.getAttributeValue("cn");
    }
    return new LdapAccount(name, display == null ? name.value() : display, attributes, entry.getDN());
  }

  /**
   * The entry's own spelling of the user name, whichever spelling the server matched
   * ({@code caseIgnoreMatch} finds {@code nethzuser} for {@code NETHZUSER}): the value in the entry's
   * RDN when that is the user attribute, else the stored value the request matches. One entry thus has
   * one name, the one the core keys balances and orders by.
   */
  private Username storedName(Username requested, SearchResultEntry entry) {
    Optional<Username> named = nameInRdn(entry);
    if (named.isPresent()) {
      return named.get();
    }
    String[] values = entry.getAttributeValues(settings.userAttribute());
    if (values != null) {
      for (String candidate : values) {
        if (Username.matchKey(candidate).equals(requested.matchKey())) {
          return Username.of(candidate);
        }
      }
    }
    return requested;
  }

  /** The value of the user attribute in the entry's RDN, if the RDN names the user. */
  private Optional<Username> nameInRdn(SearchResultEntry entry) {
    try {
      RDN rdn = entry.getParsedDN().getRDN();
      String[] names = rdn == null ? new String[0] : rdn.getAttributeNames();
      for (int i = 0; i < names.length; i++) {
        if (names[i].equalsIgnoreCase(settings.userAttribute())) {
          return Optional.of(Username.of(rdn.getAttributeValues()[i]));
        }
      }
    } catch (LDAPException | InvalidRequestException e) {
      log.debug("the DN {} does not name the user; using the attribute's value", entry.getDN());
    }
    return Optional.empty();
  }

  private static boolean isSecret(String attribute) {
    return attribute.contains("password") || attribute.startsWith("pwd") || attribute.equals("unicodepwd");
  }

}
