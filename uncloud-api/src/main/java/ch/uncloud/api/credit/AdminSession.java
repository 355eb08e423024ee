package ch.uncloud.api.credit;

import ch.uncloud.api.ServiceName;
import java.time.Instant;
import java.util.Set;

/**
 * Proof that an admin authenticated with the {@link CreditService}: pass it to many calls instead of
 * the password, so the slow password check runs once. Immutable and thread-safe; only valid with
 * the credit service that issued it and until it expires. Its {@code toString()} names the admin
 * and the services, never a password.
 */
public interface AdminSession {
  /**
   * @return the admin's name
   */
  String admin();

  /**
   * @return the services this admin owns (by name or through a directory group), at login time
   */
  Set<ServiceName> ownedServices();

  /**
   * @param service a service
   * @return whether this admin owns it
   */
  default boolean owns(ServiceName service) {
    return ownedServices().contains(service);
  }

  /**
   * @return when the session stops being accepted
   */
  Instant expiresAt();
}
