package ch.uncloud.testservers.ovh;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.math.BigDecimal;
import java.util.List;

/**
 * OVH's public bare-metal catalog ({@code GET /order/catalog/public/baremetalServers}, model
 * {@code order.catalog.public.DedicatedServerCatalog}): each plan's pricings and, in
 * {@code configurations}, the values its required configuration accepts (datacenters, operating
 * systems, regions), which the cart's {@code requiredConfiguration} does not list.
 */
final class PublicCatalog {
  private PublicCatalog() {}

  static JsonObject of(JsonProvider json, List<SeedServers.Plan> plans, String subsidiary) {
    JsonArrayBuilder out = json.createArrayBuilder();
    for (SeedServers.Plan plan : plans) {
      out.add(json.createObjectBuilder()
          .add("addonFamilies", JsonValue.EMPTY_JSON_ARRAY)
          .add("blobs", JsonValue.NULL)
          .add("configurations", json.createArrayBuilder()
              .add(configuration(json, "dedicated_datacenter", plan.datacenters()))
              .add(configuration(json, "dedicated_os", SeedServers.OPERATING_SYSTEMS))
              .add(configuration(json, "region", SeedServers.REGIONS)))
          .add("consumptionConfiguration", JsonValue.NULL)
          .add("family", plan.family())
          .add("invoiceName", plan.invoiceName())
          .add("planCode", plan.planCode())
          .add("pricingType", "rental")
          .add("pricings", json.createArrayBuilder()
              .add(pricing(json, "installation", "Installation fee", 0, "none", plan.installationPrice()))
              .add(pricing(json, "renew", "Monthly fees", 1, "month", plan.monthlyPrice())))
          .add("product", plan.planCode()));
    }
    return json.createObjectBuilder()
        .add("addons", JsonValue.EMPTY_JSON_ARRAY)
        .add("catalogId", 4242)
        .add("locale", json.createObjectBuilder().add("currencyCode", "EUR").add("subsidiary", subsidiary)
            .add("taxRate", 20))
        .add("planFamilies", JsonValue.EMPTY_JSON_ARRAY)
        .add("plans", out)
        .add("products", JsonValue.EMPTY_JSON_ARRAY)
        .build();
  }

  private static JsonObjectBuilder configuration(JsonProvider json, String name, List<String> values) {
    JsonArrayBuilder v = json.createArrayBuilder();
    values.forEach(v::add);
    return json.createObjectBuilder().add("isCustom", false).add("isMandatory", true).add("name", name)
        .add("values", v);
  }

  private static JsonObjectBuilder pricing(JsonProvider json, String capacity, String description, int interval,
      String unit, BigDecimal price) {
    return json.createObjectBuilder()
        .add("capacities", json.createArrayBuilder().add(capacity))
        .add("commitment", 0)
        .add("description", description)
        .add("interval", interval)
        .add("intervalUnit", unit)
        .add("mode", "default")
        .add("mustBeCompleted", true)
        .add("phase", 0)
        .add("price", price.movePointRight(8).longValueExact())
        .add("promotions", JsonValue.EMPTY_JSON_ARRAY)
        .add("quantity", json.createObjectBuilder().add("max", 1).add("min", 1))
        .add("repeat", json.createObjectBuilder().add("max", 1).add("min", 1))
        .add("strategy", "tiered")
        .add("tax", 0)
        .add("type", "rental");
  }
}
