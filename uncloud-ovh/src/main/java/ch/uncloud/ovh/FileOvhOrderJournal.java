package ch.uncloud.ovh;

import ch.uncloud.api.ProviderUnavailableException;
import ch.uncloud.api.servers.ServerOrderRequest;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonGenerator;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;

/**
 * An {@link OvhOrderJournal} keeping one pretty-printed JSON file per order in a directory
 * ({@code <orderId>.json}). Every save writes a temporary file, forces it to disk, renames it over
 * the old file atomically and forces the directory, so a crash leaves either the old or the new
 * version, never a torn one. Thread-safe; checkouts are serialised per order across threads and
 * processes by {@link #lock}.
 */
public final class FileOvhOrderJournal implements OvhOrderJournal {
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,99}");
  /** In-JVM order locks by lock file: OS file locks are per process, not per thread. */
  private static final ConcurrentHashMap<Path, ReentrantLock> LOCAL_LOCKS = new ConcurrentHashMap<>();

  private final Path directory;
  private static final JsonProvider JSON = JsonProvider.provider();

  private FileOvhOrderJournal(Path directory) {
    this.directory = directory;
  }

  /**
   * @param directory the directory for the order files; created if missing
   * @return the journal
   * @throws ProviderUnavailableException if the directory cannot be created
   */
  public static FileOvhOrderJournal open(Path directory) {
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new ProviderUnavailableException("cannot create the OVH order journal directory " + directory
          + ": " + e.getMessage() + "; check uncloud.ovh.journal-dir and its permissions", e);
    }
    return new FileOvhOrderJournal(directory);
  }

  /**
   * @return the directory holding the order files
   */
  public Path directory() {
    return directory;
  }

  @Override
  public synchronized void save(OvhOrderRecord record) {
    checkId(record.id());
    Path target = directory.resolve(record.id() + ".json");
    Path temp = directory.resolve(record.id() + ".json.tmp");
    byte[] bytes = toJson(record).getBytes(StandardCharsets.UTF_8);
    try {
      try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
          out.write(buffer);
        }
        out.force(true);
      }
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      forceDirectory();
    } catch (IOException e) {
      throw new ProviderUnavailableException("cannot write OVH order journal file " + target + ": " + e.getMessage()
          + "; check free space and permissions of " + directory, e);
    }
  }

  private void forceDirectory() {
    try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
      dir.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // some platforms (Windows) cannot open a directory; the rename itself is still atomic there
    }
  }

  /**
   * Locks an order within this JVM (any journal instance on the same directory) and across
   * processes (an OS file lock on {@code <orderId>.lock}).
   */
  @Override
  public OrderLock lock(String orderId) {
    checkId(orderId);
    Path file = directory.resolve(orderId + ".lock").toAbsolutePath().normalize();
    ReentrantLock local = LOCAL_LOCKS.computeIfAbsent(file, f -> new ReentrantLock());
    local.lock();
    try {
      FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      try {
        FileLock held = channel.lock();
        return () -> {
          try {
            held.release();
            channel.close();
          } catch (IOException e) {
            // closing the channel releases the OS lock in any case
          } finally {
            local.unlock();
          }
        };
      } catch (IOException | RuntimeException e) {
        channel.close();
        throw e;
      }
    } catch (IOException | RuntimeException e) {
      local.unlock();
      throw new ProviderUnavailableException("cannot lock OVH order " + orderId + " in " + directory + ": "
          + e.getMessage() + "; check the journal directory's permissions", e);
    }
  }

  @Override
  public synchronized Optional<OvhOrderRecord> find(String orderId) {
    if (orderId == null || !ID.matcher(orderId).matches()) {
      return Optional.empty();
    }
    Path file = directory.resolve(orderId + ".json");
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    return Optional.of(read(file));
  }

  @Override
  public synchronized List<OvhOrderRecord> all() {
    List<OvhOrderRecord> out = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*.json")) {
      for (Path file : files) {
        out.add(read(file));
      }
    } catch (IOException e) {
      throw new ProviderUnavailableException("cannot list the OVH order journal " + directory + ": " + e.getMessage(), e);
    }
    return out;
  }

  private static void checkId(String id) {
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException("order id not usable as a file name: " + id);
    }
  }

  private OvhOrderRecord read(Path file) {
    try {
      return parse(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException | RuntimeException e) {
      throw new ProviderUnavailableException("cannot read OVH order journal file " + file + ": " + e.getMessage()
          + "; restore it from a backup or move it away", e);
    }
  }

  static String toJson(OvhOrderRecord r) {
    JsonObjectBuilder request = JSON.createObjectBuilder().add("planCode", r.request().planCode())
        .add("datacenter", r.request().datacenter()).add("operatingSystem", r.request().operatingSystem());
    optional(request, "region", r.request().region());
    JsonObjectBuilder o = JSON.createObjectBuilder()
        .add("id", r.id())
        .add("sequence", r.sequence())
        .add("state", r.state().name())
        .add("request", request);
    optional(o, "subsidiary", r.subsidiary());
    optional(o, "cartId", r.cartId());
    if (r.itemId() != null) {
      o.add("itemId", r.itemId());
    }
    JsonObjectBuilder configurations = JSON.createObjectBuilder();
    r.configurations().forEach(configurations::add);
    o.add("configurations", configurations);
    optional(o, "priceWithoutTax", r.priceWithoutTax() == null ? null : r.priceWithoutTax().toPlainString());
    optional(o, "priceWithTax", r.priceWithTax() == null ? null : r.priceWithTax().toPlainString());
    optional(o, "currency", r.currency());
    if (r.ovhOrderId() != null) {
      o.add("ovhOrderId", r.ovhOrderId());
    }
    optional(o, "orderUrl", r.orderUrl());
    o.add("createdAt", r.createdAt().toString()).add("updatedAt", r.updatedAt().toString());
    var steps = JSON.createArrayBuilder();
    for (OvhOrderRecord.Step s : r.steps()) {
      JsonObjectBuilder step = JSON.createObjectBuilder().add("name", s.name()).add("at", s.at().toString());
      optional(step, "detail", s.detail());
      steps.add(step);
    }
    o.add("steps", steps);
    StringWriter out = new StringWriter();
    try (var writer = JSON.createWriterFactory(Map.of(JsonGenerator.PRETTY_PRINTING, true)).createWriter(out)) {
      writer.writeObject(o.build());
    }
    return out + "\n";
  }

  /** @return the record a document written by {@link #toJson} holds */
  static OvhOrderRecord parse(String document) {
    try (var reader = JSON.createReader(new StringReader(document))) {
      return fromJson(reader.readObject());
    }
  }

  static OvhOrderRecord fromJson(JsonObject o) {
    JsonObject q = o.getJsonObject("request");
    ServerOrderRequest request = new ServerOrderRequest(q.getString("planCode"), q.getString("datacenter"),
        q.getString("operatingSystem"), q.getString("region", null));
    Map<String, Long> configurations = new LinkedHashMap<>();
    o.getJsonObject("configurations").forEach((k, v) -> configurations.put(k, ((JsonNumber) v).longValueExact()));
    List<OvhOrderRecord.Step> steps = new ArrayList<>();
    for (JsonValue v : o.getJsonArray("steps")) {
      JsonObject s = v.asJsonObject();
      steps.add(new OvhOrderRecord.Step(s.getString("name"), Instant.parse(s.getString("at")), s.getString("detail", null)));
    }
    return new OvhOrderRecord(o.getString("id"), o.getJsonNumber("sequence").longValueExact(), request,
        o.getString("subsidiary", null), OvhOrderRecord.State.valueOf(o.getString("state")),
        o.getString("cartId", null), longOrNull(o, "itemId"), configurations, decimalOrNull(o, "priceWithoutTax"),
        decimalOrNull(o, "priceWithTax"), o.getString("currency", null), longOrNull(o, "ovhOrderId"),
        o.getString("orderUrl", null), Instant.parse(o.getString("createdAt")), Instant.parse(o.getString("updatedAt")),
        steps);
  }

  private static void optional(JsonObjectBuilder o, String key, String value) {
    if (value != null) {
      o.add(key, value);
    }
  }

  private static Long longOrNull(JsonObject o, String key) {
    JsonValue v = o.get(key);
    return v instanceof JsonNumber n ? n.longValueExact() : null;
  }

  private static BigDecimal decimalOrNull(JsonObject o, String key) {
    JsonValue v = o.get(key);
    return v instanceof JsonString s ? new BigDecimal(s.getString()) : null;
  }

  @Override
  public String toString() {
    return "FileOvhOrderJournal[" + directory + "]";
  }
}
