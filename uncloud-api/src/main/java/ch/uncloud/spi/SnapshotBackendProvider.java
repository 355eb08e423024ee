package ch.uncloud.spi;

/**
 * Creates {@link SnapshotBackend}s; discovered with {@link java.util.ServiceLoader}, listed in
 * {@code META-INF/services/ch.uncloud.spi.SnapshotBackendProvider} and chosen with the key
 * {@code uncloud.snapshots} (e.g. {@code ceph} from {@code ch.uncloud:uncloud-ceph}). The core
 * reads the snapshot rules' keys for a backend named {@code NAME}:
 * {@code uncloud.NAME.max-snapshots-per-vm} and {@code uncloud.NAME.rotate}, and requires
 * {@value SnapshotRecordsProvider#KEY} to name where records and billed usage are kept.
 */
public interface SnapshotBackendProvider extends Provider<SnapshotBackend> {
}
