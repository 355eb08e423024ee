package ch.uncloud.ldap;

import static org.assertj.core.api.Assertions.assertThat;

import ch.uncloud.testkit.InMemoryAccountDirectory;
import ch.uncloud.testservers.ldap.EmbeddedLdapServer;
import com.unboundid.ldap.sdk.schema.AttributeTypeDefinition;
import com.unboundid.ldap.sdk.schema.ObjectClassDefinition;
import com.unboundid.ldap.sdk.schema.Schema;
import java.io.InputStream;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The testkit's in-memory directory and the embedded LDAP test server each load uncloud's schema
 * from their own copy, since neither may depend on the other; this module sees both and holds them
 * to one truth.
 */
@DisplayName("The testkit's and the LDAP test server's copies of uncloud's schema agree")
class UncloudSchemaCopiesAgreeTest {

  @Test
  @DisplayName("the same attribute types and object classes, with the same OIDs and definitions")
  void sameDefinitions() throws Exception {
    Schema testkit = read(InMemoryAccountDirectory.class.getClassLoader(), "ch/uncloud/testkit/uncloud-schema.ldif");
    Schema server = read(EmbeddedLdapServer.class.getClassLoader(), EmbeddedLdapServer.SCHEMA_LDIF);

    assertThat(attributes(server)).contains("vppLock", "studyYear").isEqualTo(attributes(testkit));
    assertThat(definitions(server)).isEqualTo(definitions(testkit));
  }

  private static Schema read(ClassLoader loader, String resource) throws Exception {
    try (InputStream in = loader.getResourceAsStream(resource)) {
      assertThat(in).as(resource).isNotNull();
      return Schema.getSchema(in);
    }
  }

  private static Set<String> attributes(Schema schema) {
    return schema.getAttributeTypes().stream().map(AttributeTypeDefinition::getNameOrOID)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static Set<String> definitions(Schema schema) {
    Set<String> all = new TreeSet<>();
    schema.getAttributeTypes().stream().map(AttributeTypeDefinition::toString).forEach(all::add);
    schema.getObjectClasses().stream().map(ObjectClassDefinition::toString).forEach(all::add);
    return all;
  }
}
