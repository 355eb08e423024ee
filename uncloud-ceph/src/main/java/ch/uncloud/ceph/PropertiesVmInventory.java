package ch.uncloud.ceph;

import ch.uncloud.api.ConfigurationException;
import ch.uncloud.api.ErrorCodes;
import ch.uncloud.api.InvalidRequestException;
import ch.uncloud.api.Username;
import ch.uncloud.api.snapshots.VirtualMachine;
import ch.uncloud.api.snapshots.VmDisk;
import ch.uncloud.spi.VmInventory;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A {@link VmInventory} read from a properties file (UTF-8), re-read whenever the file changes:
 *
 * <pre>
 * vm.6f1c...e2.owner = alice
 * vm.6f1c...e2.disk.0 = rbd/vm-6f1c-root        # pool/image on the default cluster
 * vm.6f1c...e2.disk.1 = backup:slow/vm-6f1c-data # cluster:pool/image
 * vm.6f1c...e2.disk.2 = vm-6f1c-swap             # image in the default pool
 * </pre>
 *
 * Disks are ordered by their number. A malformed file fails with a {@link ConfigurationException}
 * listing every problem. Thread-safe.
 */
public final class PropertiesVmInventory implements VmInventory {
  private final Path file;
  private final String defaultPool;
  private Loaded loaded;

  /**
   * @param file the properties file
   * @param defaultPool the pool of disks written without one
   */
  public PropertiesVmInventory(Path file, String defaultPool) {
    this.file = file;
    this.defaultPool = defaultPool;
  }

  @Override
  public Optional<VirtualMachine> find(UUID vmId) {
    return Optional.ofNullable(current().vms.get(vmId));
  }

  @Override
  public List<VirtualMachine> all() {
    return List.copyOf(current().vms.values());
  }

  private synchronized Loaded current() {
    FileTime modified;
    try {
      modified = Files.getLastModifiedTime(file);
    } catch (IOException e) {
      throw new ConfigurationException("VM inventory " + file + " cannot be read (" + e.getClass().getSimpleName()
          + "); check uncloud.ceph.inventory", e);
    }
    if (loaded == null || !loaded.modified.equals(modified)) {
      loaded = new Loaded(modified, parse());
    }
    return loaded;
  }

  private Map<UUID, VirtualMachine> parse() {
    Properties p = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(reader);
    } catch (IOException | IllegalArgumentException e) {
      throw new ConfigurationException("VM inventory " + file + " cannot be read: " + e.getMessage(), e);
    }
    List<String> problems = new ArrayList<>();
    Map<UUID, String> owners = new LinkedHashMap<>();
    Map<UUID, TreeMap<Integer, VmDisk>> disks = new LinkedHashMap<>();
    for (String key : new TreeMap<>(Map.copyOf(toMap(p))).keySet()) {
      String value = p.getProperty(key).strip();
      String[] parts = key.split("\\.");
      try {
        if (parts.length < 3 || !parts[0].equals("vm")) {
          throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, "unknown key; expected vm.<uuid>.owner or vm.<uuid>.disk.<n>");
        }
        UUID id = uuid(parts[1]);
        if (parts.length == 3 && parts[2].equals("owner")) {
          owners.put(id, value);
        } else if (parts.length == 4 && parts[2].equals("disk") && parts[3].matches("[0-9]{1,4}")) {
          disks.computeIfAbsent(id, k -> new TreeMap<>()).put(Integer.parseInt(parts[3]), VmDisk.parse(value, defaultPool));
        } else {
          throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, "unknown key; expected vm.<uuid>.owner or vm.<uuid>.disk.<n>");
        }
      } catch (InvalidRequestException e) {
        problems.add(key + ": " + e.getMessage());
      }
    }
    Map<UUID, VirtualMachine> vms = new LinkedHashMap<>();
    for (UUID id : disks.keySet()) {
      if (!owners.containsKey(id)) {
        problems.add("vm." + id + " has disks but no vm." + id + ".owner");
      }
    }
    for (Map.Entry<UUID, String> e : owners.entrySet()) {
      try {
        TreeMap<Integer, VmDisk> its = disks.getOrDefault(e.getKey(), new TreeMap<>());
        vms.put(e.getKey(), new VirtualMachine(e.getKey(), Username.of(e.getValue()), new ArrayList<>(its.values())));
      } catch (InvalidRequestException ex) {
        problems.add("vm." + e.getKey() + ": " + ex.getMessage());
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigurationException("VM inventory " + file + " has " + problems.size() + " problem(s):\n  - "
          + String.join("\n  - ", problems));
    }
    return vms;
  }

  private static Map<String, String> toMap(Properties p) {
    Map<String, String> map = new TreeMap<>();
    p.stringPropertyNames().forEach(k -> map.put(k, p.getProperty(k)));
    return map;
  }

  private static UUID uuid(String text) {
    try {
      return UUID.fromString(text);
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, "'" + text + "' is not a VM uuid", e);
    }
  }

  private record Loaded(FileTime modified, Map<UUID, VirtualMachine> vms) {}
}
