package ch.uncloud.ldap;

import ch.uncloud.api.BadCredentialsException.Reason;
import ch.uncloud.api.ConfigurationException;
import ch.uncloud.api.Secret;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Configures an {@link LdapAccountDirectory} in code. Defaults match the provider's: {@code uid},
 * {@code vppLock}={@code TRUE}/{@code FALSE}, pool of 4, 5 s connect, 10 s operations. Not thread-safe.
 *
 * <pre>{@code
 * AccountDirectory directory = LdapAccountDirectory.builder()
 *     .urls("ldaps://ldap1.example.org", "ldaps://ldap2.example.org")
 *     .bind("cn=uncloud,ou=services,dc=example,dc=org", Secret.of(password))
 *     .userBase("ou=people,dc=example,dc=org")
 *     .groupBase("ou=groups,dc=example,dc=org")
 *     .build();
 * }</pre>
 */
public final class LdapAccountDirectoryBuilder {
  private static final Pattern ATTRIBUTE = Pattern.compile("[A-Za-z][A-Za-z0-9-]*|[0-9]+(\\.[0-9]+)+");

  private final List<String> urls = new ArrayList<>();
  private LdapTls tls;
  private Boolean allowPlain;
  private Path trustStore;
  private Secret trustStorePassword;
  private String trustStoreType;
  private boolean verifyHostname = true;
  private String bindDn;
  private Secret bindPassword;
  private String userBase;
  private String userAttribute = "uid";
  private String userFilter;
  private String groupBase;
  private String groupAttribute = "cn";
  private List<String> groupMemberAttributes = List.of("member", "uniqueMember");
  private List<String> groupMemberNameAttributes = List.of("memberUid");
  private String memberOfAttribute = "memberOf";
  private String lockAttribute = "vppLock";
  private String lockTrue = "TRUE";
  private String lockFalse = "FALSE";
  private String lockObjectClass = "uncloudAccount";
  private String disabledFilter;
  private int poolSize = 4;
  private Integer bindPoolSize;
  private Duration connectTimeout = Duration.ofSeconds(5);
  private Duration operationTimeout = Duration.ofSeconds(10);
  private Duration poolWaitTimeout = Duration.ofSeconds(5);
  private Duration healthCheckInterval = Duration.ofSeconds(30);
  private Duration maxConnectionAge = Duration.ofMinutes(30);

  LdapAccountDirectoryBuilder() {}

  /**
   * @param urls {@code ldap://host:port} or {@code ldaps://host:port}, in failover order
   * @return this builder
   */
  public LdapAccountDirectoryBuilder urls(String... urls) {
    return urls(List.of(urls));
  }

  /**
   * @param urls the servers in failover order
   * @return this builder
   */
  public LdapAccountDirectoryBuilder urls(List<String> urls) {
    this.urls.clear();
    this.urls.addAll(urls);
    return this;
  }

  /**
   * @param tls how connections are protected; default LDAPS for ldaps:// URLs, else StartTLS.
   *     {@link LdapTls#NONE} alone chooses plain LDAP (a warning is logged for servers beyond loopback)
   * @return this builder
   */
  public LdapAccountDirectoryBuilder tls(LdapTls tls) {
    this.tls = Objects.requireNonNull(tls, "tls");
    return this;
  }

  /**
   * No longer needed: {@code tls(LdapTls.NONE)} alone chooses plain LDAP. Kept so that existing code
   * and configurations ({@code uncloud.ldap.allow-plain=true}) keep working; {@code false} together
   * with {@link LdapTls#NONE} is refused as a contradiction.
   *
   * @param allowPlain the old confirmation of {@link LdapTls#NONE}
   * @return this builder
   */
  public LdapAccountDirectoryBuilder allowPlain(boolean allowPlain) {
    this.allowPlain = allowPlain;
    return this;
  }

  /**
   * @param file the servers' CA certificates: a PEM file, or a PKCS#12 or JKS key store; default: the
   *     JVM's trusted CAs
   * @param password its password, or {@code null}
   * @return this builder
   */
  public LdapAccountDirectoryBuilder trustStore(Path file, Secret password) {
    this.trustStore = Objects.requireNonNull(file, "file");
    this.trustStorePassword = password;
    return this;
  }

  /**
   * @param type {@code PKCS12}, {@code JKS} or {@code PEM}; default: detected
   * @return this builder
   */
  public LdapAccountDirectoryBuilder trustStoreType(String type) {
    this.trustStoreType = type;
    return this;
  }

  /**
   * @param verify whether the certificate must name the host in the URL (default true)
   * @return this builder
   */
  public LdapAccountDirectoryBuilder verifyHostname(boolean verify) {
    this.verifyHostname = verify;
    return this;
  }

  /**
   * @param dn the service account the pool binds as (without it the pool is anonymous)
   * @param password its password
   * @return this builder
   */
  public LdapAccountDirectoryBuilder bind(String dn, Secret password) {
    this.bindDn = Objects.requireNonNull(dn, "dn");
    this.bindPassword = Objects.requireNonNull(password, "password");
    return this;
  }

  /**
   * @param dn where users live, searched with subtree scope
   * @return this builder
   */
  public LdapAccountDirectoryBuilder userBase(String dn) {
    this.userBase = dn;
    return this;
  }

  /**
   * @param attribute the attribute holding the user name (default {@code uid})
   * @return this builder
   */
  public LdapAccountDirectoryBuilder userAttribute(String attribute) {
    this.userAttribute = attribute;
    return this;
  }

  /**
   * @param filter extra condition for user entries, e.g. {@code (objectClass=inetOrgPerson)}
   * @return this builder
   */
  public LdapAccountDirectoryBuilder userFilter(String filter) {
    this.userFilter = filter;
    return this;
  }

  /**
   * @param dn where groups named by cn live
   * @return this builder
   */
  public LdapAccountDirectoryBuilder groupBase(String dn) {
    this.groupBase = dn;
    return this;
  }

  /**
   * @param attribute the naming attribute of groups (default {@code cn})
   * @return this builder
   */
  public LdapAccountDirectoryBuilder groupAttribute(String attribute) {
    this.groupAttribute = attribute;
    return this;
  }

  /**
   * @param attributes group attributes listing member DNs (default member, uniqueMember)
   * @return this builder
   */
  public LdapAccountDirectoryBuilder groupMemberAttributes(List<String> attributes) {
    this.groupMemberAttributes = List.copyOf(attributes);
    return this;
  }

  /**
   * @param attributes group attributes listing member user names, as {@code posixGroup}'s
   *     {@code memberUid} does (default memberUid); empty for none
   * @return this builder
   */
  public LdapAccountDirectoryBuilder groupMemberNameAttributes(List<String> attributes) {
    this.groupMemberNameAttributes = List.copyOf(attributes);
    return this;
  }

  /**
   * @param attribute user attribute listing group DNs (default {@code memberOf})
   * @return this builder
   */
  public LdapAccountDirectoryBuilder memberOfAttribute(String attribute) {
    this.memberOfAttribute = attribute;
    return this;
  }

  /**
   * @param attribute the lock flag's attribute (default {@code vppLock})
   * @param lockedValue the value for locked (default {@code TRUE})
   * @param unlockedValue the value for unlocked (default {@code FALSE})
   * @return this builder
   */
  public LdapAccountDirectoryBuilder lockFlag(String attribute, String lockedValue, String unlockedValue) {
    this.lockAttribute = attribute;
    this.lockTrue = lockedValue;
    this.lockFalse = unlockedValue;
    return this;
  }

  /**
   * @param objectClass auxiliary class added to an entry that lacks it when the lock flag is first
   *     written (default {@code uncloudAccount}); {@code null} adds none
   * @return this builder
   */
  public LdapAccountDirectoryBuilder lockObjectClass(String objectClass) {
    this.lockObjectClass = objectClass;
    return this;
  }

  /**
   * @param filter entries matching it may not log in ({@link Reason#ACCOUNT_DISABLED}), e.g.
   *     {@code (nsAccountLock=TRUE)}; password-policy lockouts are recognised without it
   * @return this builder
   */
  public LdapAccountDirectoryBuilder disabledFilter(String filter) {
    this.disabledFilter = filter;
    return this;
  }

  /**
   * @param size connections bound as the service account (default 4)
   * @return this builder
   */
  public LdapAccountDirectoryBuilder poolSize(int size) {
    this.poolSize = size;
    return this;
  }

  /**
   * @param size connections for user binds (default: pool size); 0 opens one per authentication
   * @return this builder
   */
  public LdapAccountDirectoryBuilder bindPoolSize(int size) {
    this.bindPoolSize = size;
    return this;
  }

  /**
   * @param timeout for establishing a connection, TLS included (default 5 s)
   * @return this builder
   */
  public LdapAccountDirectoryBuilder connectTimeout(Duration timeout) {
    this.connectTimeout = timeout;
    return this;
  }

  /**
   * @param timeout for every operation's response (default 10 s)
   * @return this builder
   */
  public LdapAccountDirectoryBuilder operationTimeout(Duration timeout) {
    this.operationTimeout = timeout;
    return this;
  }

  /**
   * @param timeout how long a caller waits for a free pooled connection (default 5 s)
   * @return this builder
   */
  public LdapAccountDirectoryBuilder poolWaitTimeout(Duration timeout) {
    this.poolWaitTimeout = timeout;
    return this;
  }

  /**
   * @param interval between background health checks of idle connections (default 30 s)
   * @return this builder
   */
  public LdapAccountDirectoryBuilder healthCheckInterval(Duration interval) {
    this.healthCheckInterval = interval;
    return this;
  }

  /**
   * @param age connections older than this are replaced (default 30 min)
   * @return this builder
   */
  public LdapAccountDirectoryBuilder maxConnectionAge(Duration age) {
    this.maxConnectionAge = age;
    return this;
  }

  /**
   * Validates everything, then opens the pools.
   *
   * @return the directory; close it when done
   * @throws ConfigurationException listing every problem, or if the service account is refused
   * @throws ch.uncloud.api.ProviderUnavailableException if no server can be reached
   */
  public LdapAccountDirectory build() {
    return new LdapAccountDirectory(settings());
  }

  LdapSettings settings() {
    List<String> problems = problems();
    if (!problems.isEmpty()) {
      throw new ConfigurationException("LDAP directory configuration has " + problems.size()
          + (problems.size() == 1 ? " problem:\n  - " : " problems:\n  - ") + String.join("\n  - ", problems));
    }
    return new LdapSettings(List.copyOf(parseServers(new ArrayList<>())), mode(), trustStore, trustStorePassword,
        trustStoreType, verifyHostname, bindDn, bindPassword, userBase.trim(), userAttribute, userFilter, groupBase,
        groupAttribute, groupMemberAttributes, groupMemberNameAttributes, memberOfAttribute, lockAttribute, lockTrue.trim(), lockFalse.trim(),
        lockObjectClass, disabledFilter, poolSize, bindPoolSize(), connectTimeout, operationTimeout,
        poolWaitTimeout, healthCheckInterval, maxConnectionAge);
  }

  private int bindPoolSize() {
    return bindPoolSize == null ? poolSize : bindPoolSize;
  }

  private boolean hasScheme(String scheme) {
    return urls.stream().anyMatch(u -> u.trim().toLowerCase(Locale.ROOT).startsWith(scheme + "://"));
  }

  private LdapTls mode() {
    return tls != null ? tls : hasScheme("ldaps") && !hasScheme("ldap") ? LdapTls.LDAPS : LdapTls.STARTTLS;
  }

  private List<LdapSettings.Server> parseServers(List<String> problems) {
    List<LdapSettings.Server> servers = new ArrayList<>();
    for (String url : urls) {
      try {
        com.unboundid.ldap.sdk.LDAPURL parsed = new com.unboundid.ldap.sdk.LDAPURL(url.trim());
        if (!parsed.hostProvided()) {
          problems.add("uncloud.ldap.urls: " + url + " names no host");
        } else if (parsed.getScheme().equals("ldapi")) {
          problems.add("uncloud.ldap.urls: ldapi:// is not supported; use ldap:// or ldaps://");
        } else {
          servers.add(new LdapSettings.Server(parsed.getHost(), parsed.getPort()));
        }
      } catch (LDAPException e) {
        problems.add("uncloud.ldap.urls: " + url + " is not an LDAP URL (" + e.getMessage() + ")");
      }
    }
    return servers;
  }

  /** @return every problem of the settings so far, empty if they are usable */
  List<String> problems() {
    List<String> problems = new ArrayList<>();
    if (urls.isEmpty()) {
      problems.add("uncloud.ldap.urls is missing: give one or more ldap:// or ldaps:// URLs, in failover order");
    }
    parseServers(problems);
    boolean anyLdap = hasScheme("ldap");
    boolean anyLdaps = hasScheme("ldaps");
    LdapTls mode = mode();
    if (mode == LdapTls.LDAPS && anyLdap) {
      problems.add("uncloud.ldap.tls is ldaps but uncloud.ldap.urls has ldap:// URLs; use ldaps:// URLs");
    }
    if (mode != LdapTls.LDAPS && anyLdaps) {
      problems.add("uncloud.ldap.urls has ldaps:// URLs but uncloud.ldap.tls is " + mode.name().toLowerCase(Locale.ROOT)
          + "; set uncloud.ldap.tls=ldaps or use ldap:// URLs");
    }
    if (mode == LdapTls.NONE && Boolean.FALSE.equals(allowPlain)) {
      problems.add("uncloud.ldap.allow-plain=false contradicts uncloud.ldap.tls=none: remove uncloud.ldap.allow-plain "
          + "(uncloud.ldap.tls=none alone chooses plain LDAP), or use starttls or ldaps");
    }
    if (mode == LdapTls.NONE && trustStore != null) {
      problems.add("uncloud.ldap.trust-store is set but uncloud.ldap.tls is none");
    }
    if (trustStore != null && !Files.isReadable(trustStore)) {
      problems.add("uncloud.ldap.trust-store " + trustStore + " does not exist or cannot be read");
    }
    if (bindDn != null) {
      checkDn(problems, "bind-dn", bindDn);
      if (bindPassword == null || bindPassword.isEmpty()) {
        problems.add("uncloud.ldap.bind-password is missing or empty for bind-dn " + bindDn);
      }
    }
    if (userBase == null || userBase.isBlank()) {
      problems.add("uncloud.ldap.user-base is missing: the DN below which users live, e.g. ou=people,dc=example,dc=org");
    } else {
      checkDn(problems, "user-base", userBase);
    }
    if (groupBase != null) {
      checkDn(problems, "group-base", groupBase);
    }
    checkAttribute(problems, "user-attribute", userAttribute);
    checkAttribute(problems, "group-attribute", groupAttribute);
    checkAttribute(problems, "member-of-attribute", memberOfAttribute);
    checkAttribute(problems, "lock-attribute", lockAttribute);
    if (groupMemberAttributes.isEmpty()) {
      problems.add("uncloud.ldap.group-member-attributes is empty; default: member uniqueMember");
    }
    groupMemberAttributes.forEach(a -> checkAttribute(problems, "group-member-attributes", a));
    groupMemberNameAttributes.forEach(a -> checkAttribute(problems, "group-member-name-attributes", a));
    if (lockObjectClass != null) {
      checkAttribute(problems, "lock-object-class", lockObjectClass);
    }
    checkFilter(problems, "user-filter", userFilter);
    checkFilter(problems, "disabled-filter", disabledFilter);
    if (lockTrue == null || lockTrue.isBlank() || lockFalse == null || lockFalse.isBlank()) {
      problems.add("uncloud.ldap.lock-true and lock-false must not be empty");
    } else if (lockTrue.trim().equalsIgnoreCase(lockFalse.trim())) {
      problems.add("uncloud.ldap.lock-true and lock-false must differ, both are '" + lockTrue + "'");
    }
    if (poolSize < 1 || poolSize > 1000) {
      problems.add("uncloud.ldap.pool-size must be 1..1000, not " + poolSize);
    }
    int bindPool = bindPoolSize();
    if (bindPool < 0 || bindPool > 1000) {
      problems.add("uncloud.ldap.bind-pool-size must be 0..1000, not " + bindPool);
    }
    checkDuration(problems, "connect-timeout", connectTimeout);
    checkDuration(problems, "operation-timeout", operationTimeout);
    checkDuration(problems, "pool-wait-timeout", poolWaitTimeout);
    checkDuration(problems, "health-check-interval", healthCheckInterval);
    checkDuration(problems, "max-connection-age", maxConnectionAge);
    return problems;
  }

  private static void checkDn(List<String> problems, String key, String dn) {
    if (!DN.isValidDN(dn)) {
      problems.add("uncloud.ldap." + key + " '" + dn + "' is not a valid DN");
    }
  }

  private static void checkAttribute(List<String> problems, String key, String name) {
    if (name == null || !ATTRIBUTE.matcher(name).matches()) {
      problems.add("uncloud.ldap." + key + " '" + name + "' is not an attribute name");
    }
  }

  private static void checkFilter(List<String> problems, String key, String filter) {
    if (filter != null) {
      try {
        Filter.create(filter);
      } catch (LDAPException e) {
        problems.add("uncloud.ldap." + key + " is not a valid LDAP filter: " + e.getMessage());
      }
    }
  }

  private static void checkDuration(List<String> problems, String key, Duration duration) {
    if (duration == null || duration.isNegative() || duration.isZero()) {
      problems.add("uncloud.ldap." + key + " must be a positive duration");
    } else if (duration.toMillis() > Integer.MAX_VALUE) {
      problems.add("uncloud.ldap." + key + " is too long");
    }
  }
}
