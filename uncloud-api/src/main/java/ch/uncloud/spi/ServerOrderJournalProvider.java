package ch.uncloud.spi;

/**
 * Creates the {@link ServerOrderJournal} a server-ordering provider (OVH) keeps its order journal in;
 * discovered with {@link java.util.ServiceLoader}, listed in
 * {@code META-INF/services/ch.uncloud.spi.ServerOrderJournalProvider} and chosen with the key
 * {@value #KEY}: {@code jdbc} from {@code ch.uncloud:uncloud-jdbc} keeps the journal in the ledger's
 * database ({@code uncloud.jdbc.url}), so that every process sharing it sees the same orders. Without
 * the key the server-ordering provider keeps its journal its own way (OVH: files in a directory).
 */
public interface ServerOrderJournalProvider extends Provider<ServerOrderJournal> {
  /** The key that names the provider, e.g. {@code uncloud.server-order-journal=jdbc}. */
  String KEY = "uncloud.server-order-journal";
}
