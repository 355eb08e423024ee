package ch.uncloud.spi;

import ch.uncloud.api.BadCredentialsException;
import ch.uncloud.api.InvalidRequestException;
import ch.uncloud.api.NotFoundException;
import ch.uncloud.api.Secret;
import ch.uncloud.api.Username;
import java.util.List;
import java.util.Optional;

/**
 * Who the users are, how they log in, what they may use, and the lock flag on their account.
 * Implementations are thread-safe. Failures to reach the directory are
 * {@link ch.uncloud.api.ProviderUnavailableException}s.
 */
public interface AccountDirectory extends AutoCloseable {

  /**
   * Finds the entry the directory matches for a name. An LDAP directory matches user names as its
   * schema says (for {@code uid}, {@code caseIgnoreMatch}: case, compatibility forms and spaces at the
   * ends do not count, see {@link Username#matchKey()}); a directory that is not an LDAP server must
   * match the same way. The entry's {@link DirectoryEntry#username()} is the stored spelling, which
   * the core uses for everything from then on.
   *
   * @param user a user name, in any spelling the directory matches
   * @return the user, if the directory knows it
   */
  Optional<DirectoryEntry> find(Username user);

  /**
   * Checks a user's password.
   *
   * @param user the user name
   * @param password the password
   * @return the user
   * @throws BadCredentialsException with the reason (unknown name, wrong password, disabled)
   */
  DirectoryEntry authenticate(Username user, Secret password);

  /**
   * Whether the user matches a service's access rule, an LDAP filter such as
   * {@code (&(departmentNumber=D-ARCH)(studyYear>=2))}. An empty rule admits every known user.
   *
   * @param user the user name
   * @param accessFilter the rule
   * @return true if the user exists and matches
   * @throws InvalidRequestException ({@code invalid_argument}) if the filter is not valid LDAP filter syntax
   */
  boolean isAuthorized(Username user, String accessFilter);

  /**
   * Whether a user belongs to a group (by {@code memberOf} or the group's member list).
   *
   * @param user the user name
   * @param group the group's name or DN, as the provider documents
   * @return true if the user is a member
   */
  boolean isMember(Username user, String group);

  /**
   * @param user the user name
   * @return whether the lock flag is set
   * @throws NotFoundException ({@code unknown_user}) if the user does not exist
   */
  boolean isLocked(Username user);

  /**
   * Sets or clears the lock flag. Idempotent: writing the current value changes nothing.
   *
   * @param user the user name
   * @param locked the new value
   * @throws NotFoundException ({@code unknown_user}) if the user does not exist
   */
  void setLocked(Username user, boolean locked);

  /**
   * Checks a service's access rule against what this directory can evaluate, when the service is
   * configured: a comparison that can never match (an attribute the directory does not have, or
   * {@code >=}/{@code <=} on an attribute without an ordering rule) would silently refuse everyone.
   * The core calls it for every service's access rule when it starts and refuses to start on a problem.
   *
   * @param accessFilter the rule, an LDAP filter; empty admits everyone
   * @return every problem, each naming the attribute; empty if none or if the directory cannot tell
   *     (the default)
   */
  default List<String> accessFilterProblems(String accessFilter) {
    return List.of();
  }

  /**
   * Lists a group's members, for recurring quota grants. A member the directory no longer knows as a
   * user (a member DN whose entry was deleted, a name no user has) is left out.
   *
   * @param group the group's name (or DN, for a directory that has them)
   * @return the members' canonical names ({@link DirectoryEntry#username()}), each once, sorted by
   *     name; empty for an unknown or empty group (so a grant for a misspelt group books nothing and
   *     reports zero members)
   * @throws ch.uncloud.api.ConfigurationException if this directory cannot list groups
   * @throws ch.uncloud.api.ProviderUnavailableException if the directory cannot be reached
   */
  default List<Username> members(String group) {
    throw new ch.uncloud.api.ConfigurationException(getClass().getSimpleName() + " cannot list the members of a group; "
        + "quota grants (uncloud.quota.grants) need a directory that can");
  }

  /** Releases connections. Idempotent. */
  @Override
  void close();
}
