package ch.uncloud.ovh;

import ch.uncloud.testkit.InMemoryServerOrderJournal;
import org.junit.jupiter.api.DisplayName;

@DisplayName("OvhServerOrdering against FakeOvhServer, its journal kept in a ServerOrderJournal store")
class StoredJournalOvhServerOrderingContractTest extends OvhServerOrderingContractTest {
  @Override
  OvhOrderJournal journal() {
    return new StoredOvhOrderJournal(InMemoryServerOrderJournal.create());
  }
}
