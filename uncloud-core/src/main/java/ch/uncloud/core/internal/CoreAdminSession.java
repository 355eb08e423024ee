package ch.uncloud.core.internal;

import ch.uncloud.api.ServiceName;
import ch.uncloud.api.credit.AdminSession;
import java.time.Instant;
import java.util.Set;

/**
 * The session {@link CoreCreditService} issues: it remembers its issuer, so a session from another
 * credit service (another configuration, another process's object) is refused.
 *
 * @param admin the admin's name
 * @param ownedServices the services the admin owns
 * @param expiresAt when it stops being accepted
 * @param issuer the credit service that issued it
 */
record CoreAdminSession(String admin, Set<ServiceName> ownedServices, Instant expiresAt, Object issuer)
    implements AdminSession {
  CoreAdminSession {
    ownedServices = Set.copyOf(ownedServices);
  }

  boolean issuedBy(Object candidate) {
    return issuer == candidate;
  }

  @Override
  public String toString() {
    return "AdminSession[" + admin + ", owns " + ownedServices + ", expires " + expiresAt + "]";
  }
}
