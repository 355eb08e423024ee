package ch.uncloud.core;

import ch.uncloud.api.Secret;
import ch.uncloud.api.UncloudException;
import ch.uncloud.spi.ProviderConfig;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The admins a configuration defines, read the one way the core reads them: the names in
 * {@value #ADMINS_KEY} (comma or space separated), each with {@code uncloud.admin.NAME.password-hash}
 * (from {@code uncloud hash-password}) or else {@code uncloud.admin.NAME.password} (a secret
 * reference), {@value #FROM_DIRECTORY_KEY} with {@value #DIRECTORY_GROUP_KEY}, and the readers in
 * {@value #READERS_KEY}. {@link UncloudCore#fromConfig} registers them; a
 * tool that checks a configuration before starting (for instance against published demo passwords)
 * reads them here instead of parsing the keys again.
 *
 * <p>Reading never fails: an admin whose hash does not parse, whose secret reference cannot be
 * resolved, or who has neither key has no credential, and {@link #problem(String)} says why.
 * Immutable and thread-safe.
 */
public final class ConfiguredAdmins {
  /** The key listing the admins' names. */
  public static final String ADMINS_KEY = "uncloud.admins";
  /** The key that lets admins not listed log in by binding to the directory. */
  public static final String FROM_DIRECTORY_KEY = "uncloud.admins.from-directory";
  /** The key naming the directory group whose members are admins (required with {@value #FROM_DIRECTORY_KEY}). */
  public static final String DIRECTORY_GROUP_KEY = "uncloud.admins.directory-group";
  /** The key listing admins who may read every account without owning a service. */
  public static final String READERS_KEY = "uncloud.admins.readers";

  private final List<String> names;
  private final boolean fromDirectory;
  private final String directoryGroup;
  private final List<String> readers;
  private final Map<String, Credential> credentials;
  private final Map<String, String> problems;

  private ConfiguredAdmins(List<String> names, boolean fromDirectory, String directoryGroup, List<String> readers,
      Map<String, Credential> credentials, Map<String, String> problems) {
    this.names = List.copyOf(names);
    this.fromDirectory = fromDirectory;
    this.directoryGroup = directoryGroup;
    this.readers = List.copyOf(readers);
    this.credentials = Map.copyOf(credentials);
    this.problems = Map.copyOf(problems);
  }

  /**
   * How one configured admin proves who they are: a stored salted hash, or a password given as a
   * secret reference. Exactly one of the two is set. Its {@code toString()} reveals neither.
   *
   * @param key the configuration key it was read from
   * @param hash the password hash, or {@code null}
   * @param password the password, or {@code null}
   */
  public record Credential(String key, PasswordHash hash, Secret password) {
    /** Checks that exactly one of hash and password is given. */
    public Credential {
      Objects.requireNonNull(key, "key");
      if ((hash == null) == (password == null)) {
        throw new IllegalArgumentException("an admin credential is a password hash or a password, not both or none");
      }
    }

    /**
     * @param candidate a password to try
     * @return whether it is this admin's password (slow for a hash, by design; constant time)
     */
    public boolean matches(Secret candidate) {
      return hash != null ? hash.matches(candidate) : password.matches(candidate);
    }
  }

  /**
   * Reads the admin keys of a configuration, without failing on bad ones.
   *
   * @param config the configuration
   * @return the admins it defines
   */
  public static ConfiguredAdmins read(ProviderConfig config) {
    List<String> names = list(config, ADMINS_KEY);
    Map<String, Credential> credentials = new LinkedHashMap<>();
    Map<String, String> problems = new LinkedHashMap<>();
    for (String name : names) {
      String hashKey = hashKey(name);
      String passwordKey = passwordKey(name);
      try {
        if (config.get(hashKey).isPresent()) {
          credentials.put(name, new Credential(hashKey, PasswordHash.parse(config.require(hashKey)), null));
        } else if (config.get(passwordKey).isPresent()) {
          credentials.put(name, new Credential(passwordKey, null, config.requireSecret(passwordKey)));
        } else {
          problems.put(name, "admin " + name + " has neither " + hashKey + " nor " + passwordKey);
        }
      } catch (UncloudException e) {
        problems.put(name, (config.get(hashKey).isPresent() ? hashKey : passwordKey) + ": " + e.getMessage());
      }
    }
    boolean fromDirectory = Boolean.parseBoolean(config.get(FROM_DIRECTORY_KEY, "false"));
    String group = config.get(DIRECTORY_GROUP_KEY).orElse(null);
    return new ConfiguredAdmins(names, fromDirectory, group, list(config, READERS_KEY), credentials, problems);
  }

  private static List<String> list(ProviderConfig config, String key) {
    return config.get(key).map(v -> Arrays.stream(v.split("[,\\s]+")).filter(s -> !s.isEmpty()).toList())
        .orElse(List.of());
  }

  /**
   * @param name an admin's name
   * @return the key of the admin's password hash, {@code uncloud.admin.NAME.password-hash}
   */
  public static String hashKey(String name) {
    return "uncloud.admin." + name + ".password-hash";
  }

  /**
   * @param name an admin's name
   * @return the key of the admin's password reference, {@code uncloud.admin.NAME.password}
   */
  public static String passwordKey(String name) {
    return "uncloud.admin." + name + ".password";
  }

  /**
   * @return the names listed in {@value #ADMINS_KEY}, in their order (also those without a usable credential)
   */
  public List<String> names() {
    return names;
  }

  /**
   * @return whether {@value #FROM_DIRECTORY_KEY} is {@code true}
   */
  public boolean fromDirectory() {
    return fromDirectory;
  }

  /**
   * @return the group of {@value #DIRECTORY_GROUP_KEY}, if set
   */
  public Optional<String> directoryGroup() {
    return Optional.ofNullable(directoryGroup);
  }

  /**
   * @return the admins listed in {@value #READERS_KEY}
   */
  public List<String> readers() {
    return readers;
  }

  /**
   * @param name a listed admin
   * @return the admin's credential, if its key is set and readable
   */
  public Optional<Credential> credential(String name) {
    return Optional.ofNullable(credentials.get(name));
  }

  /**
   * @param name a listed admin
   * @return why the admin has no credential (the key and what is wrong with it), if so
   */
  public Optional<String> problem(String name) {
    return Optional.ofNullable(problems.get(name));
  }
}
