/** An LDAP server in memory (UnboundID) with uncloud's schema, seeded from LDIF, on loopback. */
package ch.uncloud.testservers.ldap;
