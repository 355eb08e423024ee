package ch.uncloud.core;

import ch.uncloud.api.Secret;
import ch.uncloud.api.Username;
import ch.uncloud.spi.AccountDirectory;
import ch.uncloud.spi.DirectoryEntry;
import java.util.Optional;

/**
 * A directory that hands every call the SPI requires to another; a test overrides the calls it
 * watches or changes. The SPI's default methods (listing a group's members, checking an access
 * filter) are not forwarded: they keep the SPI's defaults.
 */
class ForwardingDirectory implements AccountDirectory {
  private final AccountDirectory delegate;

  ForwardingDirectory(AccountDirectory delegate) {
    this.delegate = delegate;
  }

  @Override
  public Optional<DirectoryEntry> find(Username user) {
    return delegate.find(user);
  }

  @Override
  public DirectoryEntry authenticate(Username user, Secret password) {
    return delegate.authenticate(user, password);
  }

  @Override
  public boolean isAuthorized(Username user, String accessFilter) {
    return delegate.isAuthorized(user, accessFilter);
  }

  @Override
  public boolean isMember(Username user, String group) {
    return delegate.isMember(user, group);
  }

  @Override
  public boolean isLocked(Username user) {
    return delegate.isLocked(user);
  }

  @Override
  public void setLocked(Username user, boolean locked) {
    delegate.setLocked(user, locked);
  }

  @Override
  public void close() {
    delegate.close();
  }
}
