package ch.uncloud.cli;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Reads what compiled classes refer to, from their bytecode: every name in a class file's constant
 * pool (class references, field and method descriptors, signatures and annotations all live there).
 * Sources are never read, so what a jar really carries is what counts.
 */
final class ClassReferences {
  private static final int MAGIC = 0xCAFEBABE;

  private ClassReferences() {}

  /**
   * One class (or resource) in a jar that carries a forbidden name.
   *
   * @param jar the jar
   * @param entry the class or resource inside it
   * @param name the forbidden name found
   */
  record Finding(Path jar, String entry, String name) {
    @Override
    public String toString() {
      return jar.getFileName() + "!/" + entry + " -> " + name;
    }
  }

  /**
   * @param jar a jar
   * @param forbiddenPrefixes internal-name prefixes such as {@code org/junit/}
   * @return every class of the jar whose constant pool names one of them, and every entry that is
   *     itself under one of them
   */
  static List<Finding> scan(Path jar, List<String> forbiddenPrefixes) throws IOException {
    List<Finding> findings = new ArrayList<>();
    try (JarFile file = new JarFile(jar.toFile())) {
      Enumeration<JarEntry> entries = file.entries();
      while (entries.hasMoreElements()) {
        JarEntry entry = entries.nextElement();
        for (String prefix : forbiddenPrefixes) {
          if (entry.getName().startsWith(prefix)) {
            findings.add(new Finding(jar, entry.getName(), prefix));
          }
        }
        if (!entry.getName().endsWith(".class") || entry.getName().endsWith("module-info.class")) {
          continue;
        }
        try (InputStream in = file.getInputStream(entry)) {
          for (String name : constantPoolStrings(in)) {
            for (String prefix : forbiddenPrefixes) {
              if (name.contains(prefix)) {
                findings.add(new Finding(jar, entry.getName(), name));
              }
            }
          }
        }
      }
    }
    return findings;
  }

  /**
   * @param classFile a class file
   * @return the UTF-8 constants of its constant pool
   * @throws IOException if it is not a class file
   */
  static List<String> constantPoolStrings(InputStream classFile) throws IOException {
    DataInputStream in = new DataInputStream(classFile);
    if (in.readInt() != MAGIC) {
      throw new IOException("not a class file");
    }
    in.readUnsignedShort(); // minor version
    in.readUnsignedShort(); // major version
    int count = in.readUnsignedShort();
    List<String> strings = new ArrayList<>();
    for (int i = 1; i < count; i++) {
      int tag = in.readUnsignedByte();
      switch (tag) {
        case 1 -> strings.add(in.readUTF());
        case 7, 8, 16, 19, 20 -> in.skipNBytes(2);
        case 15 -> in.skipNBytes(3);
        case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipNBytes(4);
        case 5, 6 -> {
          in.skipNBytes(8);
          i++; // a long or double takes two slots
        }
        default -> throw new IOException("unknown constant pool tag " + tag + " at index " + i);
      }
    }
    return strings;
  }
}
