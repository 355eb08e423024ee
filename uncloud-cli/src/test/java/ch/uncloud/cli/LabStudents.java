package ch.uncloud.cli;

import ch.uncloud.testservers.ldap.EmbeddedLdapServer;
import com.unboundid.ldap.sdk.LDAPConnection;
import java.util.ArrayList;
import java.util.List;

/** Students the lab's services authorize (architecture, second year, not locked), added to a test directory. */
final class LabStudents {
  private LabStudents() {}

  /** @return the names added: {@code student01} to {@code studentNN} */
  static List<String> add(EmbeddedLdapServer ldap, int count) throws Exception {
    List<String> users = new ArrayList<>();
    try (LDAPConnection connection = ldap.openServiceConnection()) {
      for (int i = 1; i <= count; i++) {
        String uid = String.format("student%02d", i);
        connection.add("dn: uid=" + uid + ",ou=people," + ldap.baseDn(), "objectClass: top", "objectClass: person",
            "objectClass: organizationalPerson", "objectClass: inetOrgPerson", "objectClass: uncloudAccount",
            "uid: " + uid, "cn: Student " + i, "sn: Student", "departmentNumber: D-ARCH", "studyYear: 2",
            "vppLock: FALSE");
        users.add(uid);
      }
    }
    return users;
  }
}
