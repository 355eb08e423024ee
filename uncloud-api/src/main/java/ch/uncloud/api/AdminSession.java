package ch.uncloud.api;

import java.time.Instant;
import java.util.Set;

/**
 * Proof that an admin authenticated with the {@link CreditService}: pass it to many calls instead of
 * the password, so the slow password check runs once. Immutable and thread-safe; only valid with
 * the credit service that issued it and until it expires.
 */
public final class AdminSession {
  private final String admin;
  private final Set<ServiceName> ownedServices;
  private final Instant expiresAt;
  private final Object issuer;

  AdminSession(String admin, Set<ServiceName> ownedServices, Instant expiresAt, Object issuer) {
    this.admin = admin;
    this.ownedServices = Set.copyOf(ownedServices);
    this.expiresAt = expiresAt;
    this.issuer = issuer;
  }

  /**
   * @return the admin's name
   */
  public String admin() {
    return admin;
  }

  /**
   * @return the services this admin owns, as of authentication
   */
  public Set<ServiceName> ownedServices() {
    return ownedServices;
  }

  /**
   * @param service a service
   * @return whether this admin owns it
   */
  public boolean owns(ServiceName service) {
    return ownedServices.contains(service);
  }

  /**
   * @return when the session stops being accepted
   */
  public Instant expiresAt() {
    return expiresAt;
  }

  boolean issuedBy(Object candidate) {
    return issuer == candidate;
  }

  @Override
  public String toString() {
    return "AdminSession[" + admin + ", owns " + ownedServices + ", expires " + expiresAt + "]";
  }
}
