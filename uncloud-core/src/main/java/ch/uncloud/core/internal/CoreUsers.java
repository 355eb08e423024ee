package ch.uncloud.core.internal;

import ch.uncloud.api.BadCredentialsException;
import ch.uncloud.api.InvalidRequestException;
import ch.uncloud.api.Secret;
import ch.uncloud.api.Username;
import ch.uncloud.api.Users;
import ch.uncloud.spi.AccountDirectory;

/**
 * {@link Users} over the account directory: a login is a bind as that user, answered with the
 * directory's stored spelling of the name. Thread-safe.
 */
public final class CoreUsers implements Users {
  private final AccountDirectory directory;

  /** @param directory where people and their passwords are */
  public CoreUsers(AccountDirectory directory) {
    this.directory = directory;
  }

  @Override
  public Username authenticate(String name, Secret password) {
    Username user;
    try {
      user = Username.of(name);
    } catch (InvalidRequestException e) {
      // a name that cannot be a user id is answered like any unknown name
      throw new BadCredentialsException(BadCredentialsException.Reason.UNKNOWN_NAME, e);
    }
    // the directory's stored spelling: NethzUser logs in as nethzuser and sees nethzuser's orders
    return directory.authenticate(user, password).username();
  }
}
