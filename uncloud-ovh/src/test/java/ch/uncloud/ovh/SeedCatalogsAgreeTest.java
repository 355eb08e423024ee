package ch.uncloud.ovh;

import static org.assertj.core.api.Assertions.assertThat;

import ch.uncloud.testkit.SeedServers;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The testkit (for its in-memory fake and the contract) and the OVH test server each hold the seed
 * catalog, since neither may depend on the other; this module sees both and holds them to one truth.
 */
@DisplayName("The testkit's seed catalog and the OVH test server's agree")
class SeedCatalogsAgreeTest {

  @Test
  @DisplayName("the same plans: codes, families, names, memory, prices and datacenters, in the same order")
  void samePlans() {
    List<String> testkit = SeedServers.plans().stream()
        .map(p -> String.join("|", p.planCode(), p.family(), p.invoiceName(), Integer.toString(p.memoryGb()),
            p.monthlyPrice().toPlainString(), p.installationPrice().toPlainString(), p.datacenters().toString()))
        .toList();
    List<String> testServer = ch.uncloud.testservers.ovh.SeedServers.plans().stream()
        .map(p -> String.join("|", p.planCode(), p.family(), p.invoiceName(), Integer.toString(p.memoryGb()),
            p.monthlyPrice().toPlainString(), p.installationPrice().toPlainString(), p.datacenters().toString()))
        .toList();

    assertThat(testServer).isNotEmpty().containsExactlyElementsOf(testkit);
  }

  @Test
  @DisplayName("the same currency, operating systems and regions")
  void sameChoices() {
    assertThat(ch.uncloud.testservers.ovh.SeedServers.EUR).isEqualTo(SeedServers.EUR);
    assertThat(ch.uncloud.testservers.ovh.SeedServers.OPERATING_SYSTEMS).isEqualTo(SeedServers.OPERATING_SYSTEMS);
    assertThat(ch.uncloud.testservers.ovh.SeedServers.REGIONS).isEqualTo(SeedServers.REGIONS);
  }
}
