package ch.uncloud.testkit;

import ch.uncloud.api.Secret;
import ch.uncloud.api.Username;
import java.util.List;

/**
 * Raw directory operations below the {@code AccountDirectory} SPI, with which
 * {@link AccountDirectoryContract} holds a directory to what OpenLDAP's slapd does: result codes of
 * refused writes and access rules. Operations answer LDAP result codes (0 success, 19
 * constraintViolation, 21 invalidAttributeSyntax, 50 insufficientAccessRights).
 */
public interface DirectoryProbe {
  /** LDAP result code: the operation succeeded. */
  int SUCCESS = 0;
  /** LDAP result code 19, e.g. a second value of a single-valued attribute. */
  int CONSTRAINT_VIOLATION = 19;
  /** LDAP result code 21, e.g. {@code studyYear: abc}. */
  int INVALID_ATTRIBUTE_SYNTAX = 21;
  /** LDAP result code 50: the access rules refuse the operation. */
  int INSUFFICIENT_ACCESS_RIGHTS = 50;

  /**
   * Adds a value to an attribute of a user's entry, as the service account.
   *
   * @param target the user whose entry changes
   * @param attribute e.g. {@code studyYear}
   * @param value the value to add
   * @return the LDAP result code
   */
  int addValue(Username target, String attribute, String value);

  /**
   * Replaces an attribute of a user's entry, as the service account.
   *
   * @param target the user whose entry changes
   * @param attribute e.g. {@code studyYear}
   * @param value the new value
   * @return the LDAP result code
   */
  int replaceValue(Username target, String attribute, String value);

  /**
   * Replaces an attribute of a user's own entry, bound as that user.
   *
   * @param user the user, bound with the password
   * @param password the user's password
   * @param attribute e.g. {@code vppLock}
   * @param value the new value
   * @return the LDAP result code
   */
  int replaceOwnValue(Username user, Secret password, String attribute, String value);

  /**
   * Reads an attribute of a user's entry as another user sees it.
   *
   * @param reader the user bound with the password
   * @param password the reader's password
   * @param target whose entry is read (may be the reader)
   * @param attribute e.g. {@code userPassword}
   * @return the values the reader sees; empty if none or not allowed
   */
  List<String> read(Username reader, Secret password, Username target, String attribute);

  /**
   * Reads an attribute of a user's entry as the service account sees it.
   *
   * @param target whose entry is read
   * @param attribute e.g. {@code userPassword}
   * @return the values
   */
  List<String> readAsService(Username target, String attribute);
}
