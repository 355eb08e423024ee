package ch.uncloud.spi;

/**
 * Creates the {@link SnapshotBooks} the core's snapshot service keeps its records and billed usage
 * in; discovered with {@link java.util.ServiceLoader}, listed in
 * {@code META-INF/services/ch.uncloud.spi.SnapshotRecordsProvider} and chosen with the key
 * {@value #KEY}: {@code jdbc} from {@code ch.uncloud:uncloud-jdbc} (durable, for production) or
 * {@code memory} from {@code ch.uncloud:uncloud-core} (lost on restart: demos and tests). The key
 * must be set whenever {@code uncloud.snapshots} names a snapshot backend; there is no default.
 */
public interface SnapshotRecordsProvider extends Provider<SnapshotBooks> {
  /** The key that names the provider, e.g. {@code uncloud.snapshot-records=jdbc}. */
  String KEY = "uncloud.snapshot-records";
}
