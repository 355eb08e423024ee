package ch.uncloud.testservers.ldap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.uncloud.testkit.AccountDirectoryContract;
import ch.uncloud.testservers.TestCertificate;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchScope;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("EmbeddedLdapServer")
class EmbeddedLdapServerTest {
  private static final String NETHZ = "uid=nethzuser,ou=people,dc=uncloud,dc=test";

  @Test
  @DisplayName("serves the testkit's contract directory with the uncloud schema, and only to bound clients")
  void servesContractDirectory() throws LDAPException {
    try (EmbeddedLdapServer server = EmbeddedLdapServer.start(AccountDirectoryContract.SEED_LDIF);
        LDAPConnection anonymous = new LDAPConnection("127.0.0.1", server.port());
        LDAPConnection service = server.openServiceConnection()) {
      assertThat(server.baseDn()).isEqualTo("dc=uncloud,dc=test");
      assertThatThrownBy(() -> anonymous.search(server.baseDn(), SearchScope.SUB, "(uid=*)"))
          .isInstanceOfSatisfying(LDAPException.class,
              e -> assertThat(e.getResultCode()).isEqualTo(ResultCode.INSUFFICIENT_ACCESS_RIGHTS));

      assertThat(service.search(server.baseDn(), SearchScope.SUB, "(studyYear>=3)").getEntryCount()).isEqualTo(2);
      assertThat(service.search(server.baseDn(), SearchScope.SUB, "(vppLock=true)").getEntryCount()).isEqualTo(1);
      assertThatThrownBy(() -> service.modify(NETHZ, new Modification(ModificationType.ADD, "vppLock", "TRUE")))
          .isInstanceOf(LDAPException.class);
      assertThatThrownBy(() -> service.modify(NETHZ, new Modification(ModificationType.REPLACE, "studyYear", "two")))
          .isInstanceOf(LDAPException.class);

      LDAPConnection user = new LDAPConnection("127.0.0.1", server.port());
      user.bind(NETHZ, "nethzpass");
      user.close();
    }
  }

  @Test
  @DisplayName("keeps its port and data across stop and start, and reset restores the seed")
  void restartAndReset() throws LDAPException {
    try (EmbeddedLdapServer server = EmbeddedLdapServer.start(AccountDirectoryContract.SEED_LDIF)) {
      int port = server.port();
      try (LDAPConnection service = server.openServiceConnection()) {
        service.modify(NETHZ, new Modification(ModificationType.REPLACE, "vppLock", "TRUE"));
      }
      server.stop();
      assertThat(server.isRunning()).isFalse();
      assertThatThrownBy(server::openServiceConnection).isInstanceOf(IllegalStateException.class);

      server.start();
      assertThat(server.port()).isEqualTo(port);
      assertThat(server.entry(NETHZ).orElseThrow().getAttributeValue("vppLock")).isEqualTo("TRUE");
      try (LDAPConnection service = server.openServiceConnection()) {
        assertThat(service.getEntry(NETHZ).getAttributeValue("vppLock")).isEqualTo("TRUE");
      }

      server.reset();
      assertThat(server.entry(NETHZ).orElseThrow().getAttributeValue("vppLock")).isEqualTo("FALSE");
    }
  }

  @Test
  @DisplayName("takes its seed from an LDIF file and its base DN from the first entry")
  void seedFromFile(@TempDir Path directory) throws Exception {
    Path ldif = directory.resolve("seed.ldif");
    Files.writeString(ldif, String.join("\n",
        "dn: dc=example,dc=org", "objectClass: top", "objectClass: domain", "dc: example", "",
        "dn: uid=alice,dc=example,dc=org", "objectClass: inetOrgPerson", "objectClass: uncloudAccount",
        "uid: alice", "cn: Alice", "sn: A", "vppLock: FALSE", "userPassword: alicepass", ""));
    try (EmbeddedLdapServer server = EmbeddedLdapServer.builder().ldif(ldif).build().start();
        LDAPConnection service = server.openServiceConnection()) {
      assertThat(server.baseDn()).isEqualTo("dc=example,dc=org");
      assertThat(server.bindDn()).isEqualTo("cn=admin,dc=example,dc=org");
      assertThat(service.getEntry("uid=alice,dc=example,dc=org")).isNotNull();
    }
  }

  @Test
  @DisplayName("reads the standalone options: port, LDIF file, service account and password")
  void standaloneOptions(@TempDir Path directory) throws Exception {
    Path ldif = directory.resolve("seed.ldif");
    Files.writeString(ldif, "dn: dc=example,dc=org\nobjectClass: domain\ndc: example\n");
    int port;
    try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    try (EmbeddedLdapServer server = EmbeddedLdapServer.fromArguments("s3cret", "--port", String.valueOf(port),
        "--ldif", ldif.toString(), "--bind-dn", "cn=ops,dc=example,dc=org").build().start();
        LDAPConnection service = server.openServiceConnection()) {
      assertThat(server.url()).isEqualTo("ldap://127.0.0.1:" + port);
      assertThat(server.bindDn()).isEqualTo("cn=ops,dc=example,dc=org");
      assertThat(server.bindPassword()).isEqualTo("s3cret");
      assertThat(service.getEntry("dc=example,dc=org")).isNotNull();
    }
    assertThatThrownBy(() -> EmbeddedLdapServer.fromArguments(null, "--prot", "1"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--port N");
    assertThatThrownBy(() -> EmbeddedLdapServer.fromArguments(null, "--port", "x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0..65535");
    assertThatThrownBy(() -> EmbeddedLdapServer.fromArguments(null, "--ldif"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a value");
  }

  @Test
  @DisplayName("refuses to start without seed data and says how to name it")
  void seedRequired() {
    assertThatThrownBy(() -> EmbeddedLdapServer.builder().build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("ldif(").hasMessageContaining("--ldif FILE");
    assertThatThrownBy(() -> EmbeddedLdapServer.fromArguments(null, "--port", "0").build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("--ldif FILE");
  }

  @Test
  @DisplayName("counts operations and can be made slow")
  void countersAndDelay() throws LDAPException {
    try (EmbeddedLdapServer server = EmbeddedLdapServer.start(AccountDirectoryContract.SEED_LDIF);
        LDAPConnection service = server.openServiceConnection()) {
      long searches = server.searchCount();
      service.getEntry(NETHZ);
      assertThat(server.searchCount()).isEqualTo(searches + 1);

      server.delayResponses(java.time.Duration.ofMillis(300));
      long start = System.nanoTime();
      service.getEntry(NETHZ);
      assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(250_000_000L);
    }
  }

  @Test
  @DisplayName("offers LDAPS and StartTLS with a test certificate")
  void tls(@TempDir Path directory) throws Exception {
    TestCertificate certificate = TestCertificate.forLoopback(directory);
    try (EmbeddedLdapServer server = EmbeddedLdapServer.builder().ldifResource(AccountDirectoryContract.SEED_LDIF)
        .tls(certificate).build().start()) {
      assertThat(server.ldapsUrl()).startsWith("ldaps://127.0.0.1:");
      assertThat(Files.size(certificate.trustStore())).isPositive();
      assertThat(certificate.toString()).doesNotContain(certificate.password());
    }
    try (EmbeddedLdapServer plain = EmbeddedLdapServer.start(AccountDirectoryContract.SEED_LDIF)) {
      assertThatThrownBy(plain::ldapsUrl).isInstanceOf(IllegalStateException.class);
    }
  }
}
