package ch.uncloud.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The core without Micrometer on the class path")
class CoreWithoutMicrometerTest {

  @Test
  @DisplayName("books a charge and reports readiness, loading no Micrometer class")
  void booksWithoutMicrometer() throws Exception {
    try (URLClassLoader withoutMicrometer = new URLClassLoader(classPathWithoutMicrometer(),
        ClassLoader.getPlatformClassLoader())) {
      assertThatThrownBy(() -> withoutMicrometer.loadClass("io.micrometer.core.instrument.MeterRegistry"))
          .isInstanceOf(ClassNotFoundException.class);
      Class<?> booking = withoutMicrometer.loadClass(BookingWithoutMicrometer.class.getName());
      assertThat(booking.getClassLoader()).isSameAs(withoutMicrometer);
      @SuppressWarnings("unchecked")
      Callable<String> call = (Callable<String>) booking.getConstructor().newInstance();
      ClassLoader previous = Thread.currentThread().getContextClassLoader();
      Thread.currentThread().setContextClassLoader(withoutMicrometer);
      try {
        assertThat(call.call()).isEqualTo("-4.20 CHF ready=true");
      } finally {
        Thread.currentThread().setContextClassLoader(previous);
      }
    }
  }

  /** The test's class path (the core's classes, the api, the testkit, ...) minus every Micrometer jar. */
  private static URL[] classPathWithoutMicrometer() throws MalformedURLException {
    List<URL> urls = new ArrayList<>();
    boolean micrometerSeen = false;
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (entry.contains("micrometer")) {
        micrometerSeen = true;
        continue;
      }
      urls.add(Path.of(entry).toUri().toURL());
    }
    // the test proves something only if the class path it started from had Micrometer on it
    assertThat(micrometerSeen).as("micrometer-core on the test class path").isTrue();
    return urls.toArray(URL[]::new);
  }
}
