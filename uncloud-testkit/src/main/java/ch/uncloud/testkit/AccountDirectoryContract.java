package ch.uncloud.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.uncloud.api.BadCredentialsException;
import ch.uncloud.api.InvalidRequestException;
import ch.uncloud.api.NotFoundException;
import ch.uncloud.api.Secret;
import ch.uncloud.api.Username;
import ch.uncloud.spi.AccountDirectory;
import ch.uncloud.spi.DirectoryEntry;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The behaviour every {@link AccountDirectory} must have. Extend it and return, from
 * {@link #newDirectory()}, a directory seeded with the testkit's {@link #SEED_LDIF}
 * (users {@code nethzuser}, {@code erstsemester}, {@code schuldner}, {@code physiker}, {@code raplab},
 * {@code iris.müller}; groups {@code lab-admins} and {@code arch-students}), e.g. an LDAP test server loaded from that class-path
 * resource. Tests that change the lock flag restore it, so a shared server can be reused across tests.
 *
 * <p>User names match as OpenLDAP's {@code caseIgnoreMatch} on {@code uid} matches them
 * ({@link Username#matchKey()}): {@link #otherSpellings} is the table a real slapd decides, and every
 * directory must answer it alike.
 */
public abstract class AccountDirectoryContract {
  /** The class-path resource every directory under contract is seeded with (LDIF, base {@code dc=uncloud,dc=test}). */
  public static final String SEED_LDIF = "ch/uncloud/testkit/contract-directory.ldif";

  private static final Username NETHZ = Username.of("nethzuser");
  private static final Username ERST = Username.of("erstsemester");
  private static final Username SCHULDNER = Username.of("schuldner");
  private static final Username PHYSIKER = Username.of("physiker");
  private static final String ARCH_FROM_SECOND_YEAR = "(&(departmentNumber=D-ARCH)(studyYear>=2))";

  private AccountDirectory directory;

  /**
   * @return a directory seeded with the contract fixture; called before every test
   */
  protected abstract AccountDirectory newDirectory();

  /**
   * @return raw operations on the directory {@link #newDirectory()} returned last, for the cases that
   *     hold it to slapd's result codes and access rules
   */
  protected abstract DirectoryProbe probe();

  @BeforeEach
  final void openDirectory() {
    directory = newDirectory();
  }

  @AfterEach
  final void closeDirectory() {
    if (directory != null) {
      directory.close();
    }
  }

  @Test
  @DisplayName("a known user is found with its name and attributes")
  void findsKnownUser() {
    DirectoryEntry account = directory.find(NETHZ).orElseThrow();

    assertThat(account.username()).isEqualTo(NETHZ);
    assertThat(account.displayName()).isEqualTo("Nadia Nethz");
    assertThat(account.attributes()).containsEntry("departmentnumber", java.util.List.of("D-ARCH"));
    assertThat(account.attributes()).doesNotContainKey("userpassword");
  }

  @Test
  @DisplayName("a user's mail and preferredLanguage are exposed under lower-case names, for e-mail notices")
  void exposesNoticeAttributes() {
    DirectoryEntry account = directory.find(NETHZ).orElseThrow();

    assertThat(account.attributes()).containsEntry("mail", java.util.List.of("nadia.nethz@uncloud.test"))
        .containsEntry("preferredlanguage", java.util.List.of("de-CH"));
  }

  @Test
  @DisplayName("an unknown user is not found")
  void unknownUserNotFound() {
    assertThat(directory.find(Username.of("nobody"))).isEmpty();
  }

  @Test
  @DisplayName("filter metacharacters in a user name find nobody")
  void filterInjectionFindsNobody() {
    assertThat(directory.find(Username.of("*"))).isEmpty();
    assertThat(directory.find(Username.of("*)(uid=*"))).isEmpty();
    assertThat(directory.find(Username.of("nethzuser)(|(uid=*"))).isEmpty();
    assertThatThrownBy(() -> directory.authenticate(Username.of("*)(uid=*"), Secret.of("nethzpass")))
        .isInstanceOf(BadCredentialsException.class);
  }

  @Test
  @DisplayName("the right password authenticates the user")
  void authenticates() {
    assertThat(directory.authenticate(NETHZ, Secret.of("nethzpass")).username()).isEqualTo(NETHZ);
  }

  @Test
  @DisplayName("a wrong password and an unknown user are refused with distinct reasons and one message")
  void refusesBadCredentials() {
    BadCredentialsException wrong = catchBadCredentials(NETHZ, "not-the-password");
    BadCredentialsException unknown = catchBadCredentials(Username.of("nobody"), "whatever");

    assertThat(wrong.reason()).isEqualTo(BadCredentialsException.Reason.WRONG_PASSWORD);
    assertThat(unknown.reason()).isEqualTo(BadCredentialsException.Reason.UNKNOWN_NAME);
    assertThat(wrong.getMessage()).isEqualTo(unknown.getMessage()).doesNotContain("not-the-password");
  }

  @Test
  @DisplayName("an empty password never authenticates")
  void emptyPasswordRefused() {
    assertThatThrownBy(() -> directory.authenticate(NETHZ, Secret.of("")))
        .isInstanceOf(BadCredentialsException.class);
  }

  @Test
  @DisplayName("an access rule admits exactly the users who match it")
  void accessRule() {
    assertThat(directory.isAuthorized(NETHZ, ARCH_FROM_SECOND_YEAR)).isTrue();
    assertThat(directory.isAuthorized(SCHULDNER, ARCH_FROM_SECOND_YEAR)).isTrue();
    assertThat(directory.isAuthorized(ERST, ARCH_FROM_SECOND_YEAR)).isFalse();
    assertThat(directory.isAuthorized(PHYSIKER, ARCH_FROM_SECOND_YEAR)).isFalse();
  }

  @Test
  @DisplayName("an empty access rule admits every known user and no unknown one")
  void emptyAccessRule() {
    assertThat(directory.isAuthorized(ERST, "")).isTrue();
    assertThat(directory.isAuthorized(Username.of("nobody"), "")).isFalse();
  }

  @Test
  @DisplayName("an access rule is checked for the named user only")
  void accessRuleIsPerUser() {
    assertThat(directory.isAuthorized(Username.of("nobody"), "(departmentNumber=D-ARCH)")).isFalse();
    assertThat(directory.isAuthorized(ERST, "(uid=nethzuser)")).isFalse();
  }

  @Test
  @DisplayName("a malformed access rule is an invalid argument")
  void malformedAccessRule() {
    assertThatThrownBy(() -> directory.isAuthorized(NETHZ, "(&(departmentNumber=D-ARCH"))
        .isInstanceOf(InvalidRequestException.class).hasFieldOrPropertyWithValue("errorCode", "invalid_argument");
  }

  @Test
  @DisplayName("group membership is answered per user")
  void groups() {
    assertThat(directory.isMember(Username.of("raplab"), "lab-admins")).isTrue();
    assertThat(directory.isMember(NETHZ, "lab-admins")).isFalse();
    assertThat(directory.isMember(Username.of("raplab"), "no-such-group")).isFalse();
  }

  @Nested
  @DisplayName("a group's members, for quota grants")
  class Members {
    @Test
    @DisplayName("are listed by their stored names, sorted, leaving out a member whose entry no longer exists")
    void listsMembersSkippingDeletedOnes() {
      assertThat(directory.members("arch-students"))
          .containsExactly(Username.of("iris.müller"), NETHZ);
      assertThat(directory.members("lab-admins")).containsExactly(Username.of("raplab"));
    }

    @Test
    @DisplayName("of an unknown group are none, as a grant for it books nothing")
    void unknownGroupHasNoMembers() {
      assertThat(directory.members("no-such-group")).isEmpty();
    }

    @Test
    @DisplayName("of a group name with filter metacharacters are none")
    void filterInjectionInGroupName() {
      assertThat(directory.members("*")).isEmpty();
      assertThat(directory.members("arch*")).isEmpty();
    }
  }

  @Test
  @DisplayName("the lock flag reads as seeded and round-trips through set and clear")
  void lockFlagRoundTrip() {
    assertThat(directory.isLocked(SCHULDNER)).isTrue();
    assertThat(directory.isLocked(NETHZ)).isFalse();
    try {
      directory.setLocked(NETHZ, true);
      assertThat(directory.isLocked(NETHZ)).isTrue();
      directory.setLocked(NETHZ, true);
      assertThat(directory.isLocked(NETHZ)).isTrue();
    } finally {
      directory.setLocked(NETHZ, false);
    }
    assertThat(directory.isLocked(NETHZ)).isFalse();
  }

  @Test
  @DisplayName("a user without a lock attribute reads as unlocked and can be locked")
  void missingLockAttribute() {
    assertThat(directory.isLocked(PHYSIKER)).isFalse();
    try {
      directory.setLocked(PHYSIKER, true);
      assertThat(directory.isLocked(PHYSIKER)).isTrue();
    } finally {
      directory.setLocked(PHYSIKER, false);
    }
  }

  @Test
  @DisplayName("the lock flag of an unknown user is an error, not a silent no-op")
  void lockUnknownUser() {
    assertThatThrownBy(() -> directory.isLocked(Username.of("nobody"))).isInstanceOf(NotFoundException.class).hasFieldOrPropertyWithValue("errorCode", "unknown_user");
    assertThatThrownBy(() -> directory.setLocked(Username.of("nobody"), true)).isInstanceOf(NotFoundException.class).hasFieldOrPropertyWithValue("errorCode", "unknown_user");
  }

  /**
   * The spellings a real OpenLDAP slapd matches to an entry (case, compatibility forms such as
   * fullwidth letters, decomposed accents, the Turkish capital dotted I as i, a no-break or figure
   * space at the end; a plain space at either end is no user name at all), and those it does not
   * (the dotless ı, a decomposed dotted I, an inner space, a compatibility letter that is not lower case).
   *
   * @return asked name, the entry's stored name or {@code null} for none
   */
  static Stream<Arguments> spellings() {
    return Stream.of(
        Arguments.of("NETHZUSER", "nethzuser"),
        Arguments.of("NethzUser", "nethzuser"),
        Arguments.of("ｎｅｔｈｚｕｓｅｒ", "nethzuser"),
        Arguments.of("ＮＥＴＨＺＵＳＥＲ", "nethzuser"),
        Arguments.of("IRIS.MÜLLER", "iris.müller"),
        Arguments.of("iris.mu\u0308ller", "iris.müller"),
        Arguments.of("\u0130R\u0130S.MÜLLER", "iris.müller"),
        Arguments.of("ｉｒｉｓ．ｍüｌｌｅｒ", "iris.müller"),
        Arguments.of("\u0131r\u0131s.müller", null),
        Arguments.of("I\u0307RIS.MÜLLER", null),
        Arguments.of("nethzuser\u00A0", "nethzuser"),
        Arguments.of("NETHZUSER\u2007", "nethzuser"),
        Arguments.of("nethz user", null),
        Arguments.of("net\u210Czuser", null));
  }

  @ParameterizedTest(name = "{0} finds {1}")
  @MethodSource("spellings")
  @DisplayName("another spelling finds the entry the way slapd's caseIgnoreMatch does, answered with the stored spelling")
  void otherSpellings(String asked, String stored) {
    Username name = Username.of(asked);
    if (stored == null) {
      assertThat(directory.find(name)).isEmpty();
      assertThat(directory.isAuthorized(name, "")).isFalse();
      return;
    }
    assertThat(directory.find(name)).map(DirectoryEntry::username).contains(Username.of(stored));
    assertThat(directory.isAuthorized(name, "(departmentNumber=D-ARCH)")).isTrue();
    String password = stored.equals("nethzuser") ? "nethzpass" : "irispass";
    assertThat(directory.authenticate(name, Secret.of(password)).username()).isEqualTo(Username.of(stored));
  }

  @Test
  @DisplayName("the lock flag written under another spelling is the stored entry's flag")
  void lockFlagUnderAnotherSpelling() {
    try {
      directory.setLocked(Username.of("NETHZUSER"), true);
      assertThat(directory.isLocked(NETHZ)).isTrue();
      assertThat(directory.isLocked(Username.of("ｎｅｔｈｚｕｓｅｒ"))).isTrue();
    } finally {
      directory.setLocked(NETHZ, false);
    }
    assertThat(directory.isLocked(Username.of("Nethzuser"))).isFalse();
  }

  /**
   * @return the directory under test
   */
  protected final AccountDirectory directory() {
    return directory;
  }

  private BadCredentialsException catchBadCredentials(Username user, String password) {
    try {
      directory.authenticate(user, Secret.of(password));
    } catch (BadCredentialsException e) {
      return e;
    }
    throw new AssertionError("authentication of " + user + " should have failed");
  }

  /** Where UnboundID's in-memory server and a naive fake once differed from slapd (issue 16). */
  @Nested
  @DisplayName("answers as OpenLDAP slapd does")
  class LikeSlapd {
    @Test
    @DisplayName("a >= or <= filter on an attribute without an ORDERING rule matches nobody, even negated")
    void orderingWithoutRuleMatchesNobody() {
      for (Username user : List.of(NETHZ, ERST, SCHULDNER, PHYSIKER)) {
        assertThat(directory.isAuthorized(user, "(departmentNumber>=D-A)")).as(user.value()).isFalse();
        assertThat(directory.isAuthorized(user, "(departmentNumber<=D-Z)")).as(user.value()).isFalse();
        assertThat(directory.isAuthorized(user, "(!(departmentNumber>=D-A))")).as(user.value()).isFalse();
      }
      assertThat(directory.isAuthorized(NETHZ, "(|(departmentNumber>=D-A)(studyYear>=2))")).isTrue();
    }

    @Test
    @DisplayName("a second value of a single-valued attribute is refused with 19 constraintViolation")
    void secondValueOfSingleValued() {
      assertThat(probe().addValue(ERST, "studyYear", "5")).isEqualTo(DirectoryProbe.CONSTRAINT_VIOLATION);
      assertThat(probe().readAsService(ERST, "studyYear")).containsExactly("1");
    }

    @Test
    @DisplayName("a value against the attribute's syntax (studyYear: abc) is refused with 21 invalidAttributeSyntax")
    void syntaxViolation() {
      assertThat(probe().replaceValue(ERST, "studyYear", "abc")).isEqualTo(DirectoryProbe.INVALID_ATTRIBUTE_SYNTAX);
      assertThat(probe().readAsService(ERST, "studyYear")).containsExactly("1");
    }

    @Test
    @DisplayName("a locked user cannot clear their own lock flag")
    void userCannotWriteLockFlag() {
      assertThat(probe().replaceOwnValue(SCHULDNER, Secret.of("schuldpass"), "vppLock", "FALSE"))
          .isEqualTo(DirectoryProbe.INSUFFICIENT_ACCESS_RIGHTS);
      assertThat(directory.isLocked(SCHULDNER)).isTrue();
    }

    @Test
    @DisplayName("a user reads their own entry, but not its password")
    void userReadsOwnEntry() {
      assertThat(probe().read(NETHZ, Secret.of("nethzpass"), NETHZ, "cn")).containsExactly("Nadia Nethz");
      assertThat(probe().read(NETHZ, Secret.of("nethzpass"), NETHZ, "userPassword")).isEmpty();
    }

    @Test
    @DisplayName("no one but the service account reads passwords; a user sees nothing of another's entry")
    void onlyServiceReadsPasswords() {
      assertThat(probe().read(NETHZ, Secret.of("nethzpass"), ERST, "userPassword")).isEmpty();
      assertThat(probe().read(NETHZ, Secret.of("nethzpass"), ERST, "cn")).isEmpty();
      assertThat(probe().readAsService(ERST, "userPassword")).isNotEmpty();
    }
  }
}
