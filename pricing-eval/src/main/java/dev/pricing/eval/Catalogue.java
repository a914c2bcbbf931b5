package dev.pricing.eval;

import dev.pricing.api.Product;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/** The simulator's product catalogue: real-looking titles, list prices, unit costs and categories. */
final class Catalogue {
  private Catalogue() {}

  /** title, category, list price, cost as a share of list. */
  private static final Object[][] ITEMS = {
      {"Cold-Brew Coffee Concentrate 1L", "grocery", "12.99", 0.45},
      {"Organic Matcha Powder 100g", "grocery", "24.99", 0.40},
      {"Dark Chocolate Sea Salt Bar 6-Pack", "grocery", "17.99", 0.50},
      {"Extra Virgin Olive Oil 750ml", "grocery", "19.99", 0.55},
      {"Wildflower Honey 500g", "grocery", "11.99", 0.42},
      {"Stainless Steel Water Bottle 750ml", "home", "29.99", 0.35},
      {"Bamboo Cutting Board Set", "home", "34.99", 0.38},
      {"Cast Iron Skillet 10in", "home", "39.99", 0.45},
      {"Linen Tea Towels (Set of 4)", "home", "21.99", 0.36},
      {"Scented Soy Candle Cedarwood", "home", "18.99", 0.30},
      {"French Press Coffee Maker 1L", "home", "44.99", 0.48},
      {"Wireless Earbuds with Charging Case", "electronics", "59.99", 0.55},
      {"USB-C Fast Charger 30W", "electronics", "24.99", 0.40},
      {"Bluetooth Speaker Mini", "electronics", "49.99", 0.52},
      {"Braided Lightning Cable 2m", "electronics", "14.99", 0.28},
      {"Smart LED Bulb (2-Pack)", "electronics", "27.99", 0.46},
      {"Yoga Mat Non-Slip 6mm", "sports", "32.99", 0.37},
      {"Resistance Bands Set", "sports", "19.99", 0.30},
      {"Insulated Running Jacket", "sports", "69.99", 0.50},
      {"Merino Wool Hiking Socks", "sports", "16.99", 0.41},
      {"Vitamin D3 Softgels 120ct", "health", "13.99", 0.33},
      {"Electric Toothbrush Heads 4-Pack", "health", "22.99", 0.35},
      {"Natural Deodorant Unscented", "health", "9.99", 0.38},
      {"Collagen Peptides 300g", "health", "36.99", 0.47},
  };

  static int size() {
    return ITEMS.length;
  }

  static List<Product> products(int count) {
    List<Product> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Object[] it = ITEMS[i];
      BigDecimal list = new BigDecimal((String) it[2]);
      BigDecimal cost = list.multiply(BigDecimal.valueOf((Double) it[3])).setScale(2, RoundingMode.HALF_UP);
      out.add(Product.builder(String.format("sku-%04d", i + 1), "USD")
          .listPrice(list).unitCost(cost).category((String) it[1]).title((String) it[0]).build());
    }
    return out;
  }
}
