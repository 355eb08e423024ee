package ch.uncloud.testkit;


import ch.uncloud.api.BadCredentialsException;
import ch.uncloud.api.ErrorCodes;
import ch.uncloud.api.InvalidRequestException;
import ch.uncloud.api.NotFoundException;
import ch.uncloud.api.Secret;
import ch.uncloud.api.Username;
import ch.uncloud.spi.AccountDirectory;
import ch.uncloud.spi.DirectoryEntry;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.RDN;
import com.unboundid.ldap.sdk.schema.Schema;
import com.unboundid.ldif.LDIFException;
import com.unboundid.ldif.LDIFReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An account directory in memory: users with attributes and passwords, groups, the lock flag, and
 * access rules evaluated as real LDAP filters (with UnboundID's filter engine and uncloud's schema,
 * so {@code (studyYear>=2)} compares numbers). Thread-safe. Not registered for discovery.
 *
 * <p>User names match as on an LDAP server ({@code uid} is {@code caseIgnoreMatch}): every method
 * finds a user by {@link Username#matchKey()}, so {@code NETHZUSER} or fullwidth {@code ｎｅｔｈｚｕｓｅｒ}
 * is {@code nethzuser}, and {@link #find} answers with the stored spelling.
 *
 * <p>Seed it in code with {@link #addUser} or from LDIF with {@link #loadLdif}; the standard fixture
 * every {@code AccountDirectoryContract} uses comes from {@link #withContractFixture()}.
 */
public final class InMemoryAccountDirectory implements AccountDirectory {
  /** The attribute that holds the lock flag, as in the default LDAP configuration. */
  public static final String LOCK_ATTRIBUTE = "vppLock";
  private static final Schema SCHEMA = loadSchema();

  private record StoredUser(Username name, String password, Map<String, List<String>> attributes) {}

  private record DirectoryAccount(Username username, String displayName, Map<String, List<String>> attributes)
      implements DirectoryEntry {}

  /** By {@link Username#matchKey()}; locks, disabled users and group members by the stored name. */
  private final ConcurrentHashMap<String, StoredUser> users = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Username, Boolean> locks = new ConcurrentHashMap<>();
  private final Set<String> disabled = ConcurrentHashMap.newKeySet();
  private final ConcurrentHashMap<String, Set<String>> groups = new ConcurrentHashMap<>();
  private final Faults lockWriteFaults = new Faults();
  private final Faults readFaults = new Faults();
  private final AtomicInteger lockWrites = new AtomicInteger();

  private InMemoryAccountDirectory() {}

  /**
   * @return an empty directory
   */
  public static InMemoryAccountDirectory create() {
    return new InMemoryAccountDirectory();
  }

  /**
   * @return a directory seeded with the contract fixture ({@code contract-directory.ldif})
   */
  public static InMemoryAccountDirectory withContractFixture() {
    InMemoryAccountDirectory directory = create();
    try (InputStream in = InMemoryAccountDirectory.class.getResourceAsStream("contract-directory.ldif")) {
      directory.loadLdif(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return directory;
  }

  /**
   * Adds a user (or replaces one of that name).
   *
   * @param name the user name
   * @param password the password
   * @param attributes attribute names to values, e.g. {@code departmentNumber -> [D-ARCH]}
   * @return this directory
   */
  public InMemoryAccountDirectory addUser(String name, String password, Map<String, List<String>> attributes) {
    Username user = Username.of(name);
    Map<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    attributes.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    copy.put("uid", List.of(name));
    StoredUser previous = users.put(user.matchKey(), new StoredUser(user, password, copy));
    if (previous != null && !previous.name().equals(user)) {
      locks.remove(previous.name());
    }
    List<String> lock = copy.getOrDefault(LOCK_ATTRIBUTE, List.of("FALSE"));
    locks.put(user, "TRUE".equalsIgnoreCase(lock.get(0)));
    return this;
  }

  /**
   * Adds a user to a group (creating the group).
   *
   * @param group the group's name
   * @param member a user name
   * @return this directory
   */
  public InMemoryAccountDirectory addToGroup(String group, String member) {
    groups.computeIfAbsent(group, g -> ConcurrentHashMap.newKeySet()).add(Username.of(member).matchKey());
    return this;
  }

  /**
   * Loads users ({@code uid} entries with {@code userPassword}) and groups ({@code groupOfNames}
   * with {@code member} DNs whose first RDN is {@code uid=...}) from LDIF.
   *
   * @param ldif the LDIF text
   * @return this directory
   */
  public InMemoryAccountDirectory loadLdif(InputStream ldif) {
    try (LDIFReader reader = new LDIFReader(ldif)) {
      Entry entry;
      while ((entry = reader.readEntry()) != null) {
        if (entry.hasAttribute("uid")) {
          Map<String, List<String>> attributes = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
          entry.getAttributes().forEach(a -> {
            if (!a.getBaseName().equalsIgnoreCase("userPassword")) {
              attributes.put(a.getBaseName(), List.of(a.getValues()));
            }
          });
          addUser(entry.getAttributeValue("uid"), entry.getAttributeValue("userPassword"), attributes);
        } else if (entry.hasObjectClass("groupOfNames") && entry.hasAttribute("member")) {
          for (String member : entry.getAttributeValues("member")) {
            RDN rdn = new DN(member).getRDN();
            if (rdn.hasAttribute("uid")) {
              addToGroup(entry.getAttributeValue("cn"), rdn.getAttributeValues()[0]);
            }
          }
        }
      }
    } catch (IOException | LDIFException | LDAPException e) {
      throw new IllegalArgumentException("cannot read LDIF: " + e.getMessage(), e);
    }
    return this;
  }

  /**
   * @param name a user who may no longer log in (authentication fails with ACCOUNT_DISABLED)
   */
  public void disable(String name) {
    disabled.add(Username.of(name).matchKey());
  }

  /**
   * @param calls how many upcoming lock flag writes fail with ProviderUnavailableException
   */
  public void failNextLockWrites(int calls) {
    lockWriteFaults.failNext(calls);
  }

  /**
   * @param calls how many upcoming reads (find, isLocked, isAuthorized) fail
   */
  public void failNextReads(int calls) {
    readFaults.failNext(calls);
  }

  /**
   * @return how many lock flag writes changed a value so far
   */
  public int lockWrites() {
    return lockWrites.get();
  }

  @Override
  public Optional<DirectoryEntry> find(Username user) {
    readFaults.maybeFail("find");
    StoredUser stored = stored(user);
    return stored == null ? Optional.empty() : Optional.of(toAccount(stored));
  }

  @Override
  public DirectoryEntry authenticate(Username user, Secret password) {
    StoredUser stored = stored(user);
    if (stored == null) {
      throw new BadCredentialsException(BadCredentialsException.Reason.UNKNOWN_NAME);
    }
    if (stored.password() == null || !Secret.of(stored.password()).matches(password)) {
      throw new BadCredentialsException(BadCredentialsException.Reason.WRONG_PASSWORD);
    }
    if (disabled.contains(user.matchKey())) {
      throw new BadCredentialsException(BadCredentialsException.Reason.ACCOUNT_DISABLED);
    }
    return toAccount(stored);
  }

  @Override
  public boolean isAuthorized(Username user, String accessFilter) {
    readFaults.maybeFail("isAuthorized");
    Filter filter = parseFilter(accessFilter);
    StoredUser stored = stored(user);
    if (stored == null) {
      return false;
    }
    if (filter == null) {
      return true;
    }
    try {
      return DirectoryRules.withoutUnorderedRanges(SCHEMA, filter, false).matchesEntry(toEntry(stored), SCHEMA);
    } catch (LDAPException e) {
      return false; // an undefined attribute or syntax mismatch matches nobody, as on a real server
    }
  }

  @Override
  public boolean isMember(Username user, String group) {
    return groups.getOrDefault(group, Set.of()).contains(user.matchKey());
  }

  /** Members that are not users of this directory are left out; sorted by name. */
  @Override
  public List<Username> members(String group) {
    readFaults.maybeFail("members");
    return groups.getOrDefault(group, Set.of()).stream().map(users::get).filter(java.util.Objects::nonNull)
        .map(StoredUser::name).sorted(java.util.Comparator.comparing(Username::value)).toList();
  }

  @Override
  public boolean isLocked(Username user) {
    readFaults.maybeFail("isLocked");
    StoredUser stored = stored(user);
    Boolean locked = stored == null ? null : locks.get(stored.name());
    if (locked == null) {
      throw new NotFoundException(ErrorCodes.UNKNOWN_USER, "no user named " + user + " exists in the directory");
    }
    return locked;
  }

  @Override
  public void setLocked(Username user, boolean locked) {
    StoredUser stored = stored(user);
    if (stored == null) {
      throw new NotFoundException(ErrorCodes.UNKNOWN_USER, "no user named " + user + " exists in the directory");
    }
    lockWriteFaults.maybeFail("setLocked");
    Boolean previous = locks.put(stored.name(), locked);
    if (previous == null || previous != locked) {
      lockWrites.incrementAndGet();
    }
  }

  @Override
  public void close() {
    // nothing to release
  }

  /**
   * @return raw operations on this directory with slapd's result codes and the access rules of a
   *     sane directory: the service account (a {@code null} actor) reads and writes everything, a user
   *     reads their own entry but not its password and writes only their own password
   */
  DirectoryProbe probe() {
    return new DirectoryProbe() {
      @Override
      public int addValue(Username target, String attribute, String value) {
        return modify(null, null, target, true, attribute, value);
      }

      @Override
      public int replaceValue(Username target, String attribute, String value) {
        return modify(null, null, target, false, attribute, value);
      }

      @Override
      public int replaceOwnValue(Username user, Secret password, String attribute, String value) {
        return modify(user, password, user, false, attribute, value);
      }

      @Override
      public List<String> read(Username reader, Secret password, Username target, String attribute) {
        authenticate(reader, password);
        return reader.matchKey().equals(target.matchKey()) && !attribute.equalsIgnoreCase("userPassword")
            ? readAsService(target, attribute) : List.of();
      }

      @Override
      public List<String> readAsService(Username target, String attribute) {
        StoredUser stored = stored(target);
        if (stored == null) {
          return List.of();
        }
        if (attribute.equalsIgnoreCase("userPassword")) {
          return stored.password() == null ? List.of() : List.of(stored.password());
        }
        return toEntry(stored).hasAttribute(attribute) ? List.of(toEntry(stored).getAttributeValues(attribute))
            : List.of();
      }
    };
  }

  private synchronized int modify(Username actor, Secret password, Username target, boolean add, String attribute,
      String value) {
    if (actor != null) {
      authenticate(actor, password);
      if (!actor.matchKey().equals(target.matchKey()) || !attribute.equalsIgnoreCase("userPassword")) {
        return DirectoryProbe.INSUFFICIENT_ACCESS_RIGHTS;
      }
    }
    StoredUser stored = stored(target);
    if (stored == null) {
      return 32; // noSuchObject
    }
    List<String> values = new ArrayList<>(add ? List.of(toEntry(stored).getAttributeValues(attribute) == null
        ? new String[0] : toEntry(stored).getAttributeValues(attribute)) : List.of());
    values.add(value);
    int refused = DirectoryRules.check(SCHEMA, attribute, values);
    if (refused != 0) {
      return refused;
    }
    if (attribute.equalsIgnoreCase("userPassword")) {
      users.put(target.matchKey(), new StoredUser(stored.name(), value, stored.attributes()));
    } else if (attribute.equalsIgnoreCase(LOCK_ATTRIBUTE)) {
      setLocked(stored.name(), "TRUE".equalsIgnoreCase(value));
    } else {
      stored.attributes().put(attribute, List.copyOf(values));
    }
    return DirectoryProbe.SUCCESS;
  }

  private StoredUser stored(Username user) {
    return users.get(user.matchKey());
  }

  private DirectoryEntry toAccount(StoredUser stored) {
    Map<String, List<String>> attributes = new TreeMap<>();
    stored.attributes().forEach((k, v) -> attributes.put(k.toLowerCase(Locale.ROOT), v));
    attributes.put(LOCK_ATTRIBUTE.toLowerCase(Locale.ROOT), List.of(locks.getOrDefault(stored.name(), false) ? "TRUE" : "FALSE"));
    String displayName = attributes.getOrDefault("cn", List.of(stored.name().value())).get(0);
    return new DirectoryAccount(stored.name(), displayName, Map.copyOf(attributes));
  }

  private Entry toEntry(StoredUser stored) {
    Entry entry = new Entry("uid=" + stored.name().value().replace(",", "\\,") + ",ou=people,dc=uncloud,dc=test");
    stored.attributes().forEach((name, values) -> entry.addAttribute(name, values.toArray(String[]::new)));
    entry.setAttribute(LOCK_ATTRIBUTE, locks.getOrDefault(stored.name(), false) ? "TRUE" : "FALSE");
    return entry;
  }

  private static Filter parseFilter(String accessFilter) {
    if (accessFilter == null || accessFilter.isBlank()) {
      return null;
    }
    try {
      return Filter.create(accessFilter);
    } catch (LDAPException e) {
      throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, "access rule '" + accessFilter + "' is not a valid LDAP filter: "
          + e.getDiagnosticMessage(), e);
    }
  }

  private static Schema loadSchema() {
    try (InputStream in = InMemoryAccountDirectory.class.getResourceAsStream("uncloud-schema.ldif")) {
      List<Schema> schemas = new ArrayList<>();
      schemas.add(Schema.getDefaultStandardSchema());
      schemas.add(Schema.getSchema(in));
      return Schema.mergeSchemas(schemas.toArray(Schema[]::new));
    } catch (IOException | LDIFException | LDAPException e) {
      throw new IllegalStateException("cannot load uncloud's LDAP schema from the testkit", e);
    }
  }
}
