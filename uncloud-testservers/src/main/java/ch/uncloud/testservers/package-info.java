/**
 * Test servers that speak vendors' wire protocols, so real client libraries are exercised in tests,
 * in {@code uncloud fake ...} and in the demo: {@link ch.uncloud.testservers.ldap} (LDAP),
 * {@link ch.uncloud.testservers.stripe} (Stripe's API), {@link ch.uncloud.testservers.ovh} (OVH's
 * API), {@link ch.uncloud.testservers.postgres} (an embedded PostgreSQL), and self-signed
 * {@link ch.uncloud.testservers.TestCertificate}s for their TLS. Every server binds loopback only.
 * No JUnit here: the JUnit pieces (contract kits, extensions) live in uncloud-testkit and in the
 * providers' tests.
 */
package ch.uncloud.testservers;
