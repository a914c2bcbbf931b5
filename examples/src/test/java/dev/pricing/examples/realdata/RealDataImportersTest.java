package dev.pricing.examples.realdata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pricing.core.demand.OfferRecord;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RealDataImportersTest {
  private static final String OJ_HEADER = "store,brand,week,logmove,constant,price1,price2,price3,price4,price5,price6,price7,"
      + "price8,price9,price10,price11,deal,feat,profit\n";
  private static final String OJ_ROWS = OJ_HEADER
      + "2,1,40,9.0,1,0.06,0.05,0.04,0.03,0.025,0.02,0.03,0.03,0.03,0.02,0.02,1,0,37.99\n";
  private static final String DEMO = "STORE,AGE60,EDUC,ETHNIC,INCOME,HHLARGE,WORKWOM,HVAL150,SSTRDIST,SSTRVOL,CPDIST5,CPWVOL5\n"
      + "2,0.23,0.25,0.11,10.55,0.10,0.30,0.46,2.11,1.14,1.93,0.38\n";
  private static final String ISLR = "rownames,Purchase,WeekofPurchase,StoreID,PriceCH,PriceMM,DiscCH,DiscMM,SpecialCH,"
      + "SpecialMM,LoyalCH,SalePriceMM,SalePriceCH,PriceDiff,Store7,PctDiscMM,PctDiscCH,ListPriceDiff,STORE\n"
      + "1,CH,237,1,1.75,1.99,0,0,0,0,0.5,1.99,1.75,0.24,No,0,0,0.24,1\n"
      + "2,MM,239,7,1.75,1.99,0,0.3,0,1,0.6,1.69,1.75,-0.06,Yes,0.150754,0,0.24,0\n";
  private static final String MARG = "hhid,choice,PPk_Stk,PBB_Stk,PFl_Stk,PHse_Stk,PGen_Stk,PImp_Stk,PSS_Tub,PPk_Tub,"
      + "PFl_Tub,PHse_Tub\n"
      + "2100016,1,0.66,0.67,1.09,0.57,0.36,0.93,0.85,1.09,1.19,0.33\n"
      + "2100024,4,0.60,0.67,0.99,0.57,0.36,1.03,0.85,1.09,1.19,0.37\n"
      + "2100024,1,0.70,0.67,0.99,0.57,0.36,1.03,0.85,1.09,1.19,0.37\n";
  private static final String MARG_DEMO = "hhid,Income,Fs3_4,Fs5.,Fam_Size,college,whtcollar,retired\n"
      + "2100016,32.5,0,0,2,1,0,1\n2100024,17.5,1,0,3,1,1,1\n";

  @Test
  void dominicksOffers_validRow_mapsPricesDemographicsAndUnits(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("orangeJuice_yx.csv"), OJ_ROWS);
    List<Dominicks.Row> rows = Dominicks.read(dir);
    Map<Integer, Map<String, Double>> demo = DominicksOffers.parseStoreDemographics(new StringReader(DEMO), "demo");
    OfferRecord o = DominicksOffers.offers(rows, demo).get(0);

    assertThat(o.offeredPrice()).isEqualByComparingTo("3.84");
    assertThat(o.context().product().listPrice()).isEqualByComparingTo("3.84");
    assertThat(o.context().product().category()).isEqualTo("Tropicana Premium 64oz");
    assertThat(o.context().product().attributes()).containsEntry("deal", 1.0).containsEntry("feat", 0.0);
    // Other 64 oz brands: 3, 4, 5, 7, 8, 9, 10 (96 and 128 oz packs are left out).
    assertThat(o.context().market().competitorPrices()).hasSize(7).first()
        .satisfies(p -> assertThat(p).isEqualByComparingTo(new BigDecimal("2.56")));
    assertThat(o.context().customer().id()).isEqualTo("store-2");
    assertThat(o.context().customer().attributes()).containsEntry("income", 10.55);
    assertThat(o.units()).isCloseTo(Math.exp(9.0), org.assertj.core.data.Offset.offset(1e-9));
    assertThat(o.time()).isEqualTo(DominicksOffers.weekInstant(40));
    assertThat(DominicksOffers.weekInstant(1)).isEqualTo(java.time.Instant.parse("1989-09-21T00:00:00Z"));
  }

  @Test
  void dominicksRead_badPrice_namesLineAndColumn(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("orangeJuice_yx.csv"), OJ_ROWS + OJ_ROWS.substring(OJ_HEADER.length())
        .replace("0.04", "x"));
    assertThatThrownBy(() -> Dominicks.read(dir)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("line 3").hasMessageContaining("price3").hasMessageContaining("'x'");
  }

  @Test
  void parseStoreDemographics_badValue_namesLineColumnAndValue() {
    String bad = DEMO + "5,0.1,abc,0.1,10,0.1,0.4,0.5,3.8,0.7,1.6,0.7\n";
    assertThatThrownBy(() -> DominicksOffers.parseStoreDemographics(new StringReader(bad), "demo.csv"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("demo.csv line 3 column EDUC").hasMessageContaining("'abc'");
  }

  @Test
  void islrOffers_validRows_mapMinuteMaidSide() throws Exception {
    List<OfferRecord> offers = IslrOjOffers.offers(IslrOjOffers.parse(new StringReader(ISLR), "oj"));

    assertThat(offers).hasSize(2);
    OfferRecord first = offers.get(0);
    assertThat(first.units()).isZero();
    assertThat(first.context().customer().attributes()).containsEntry("loyalty", 0.5).containsEntry("store7", 0.0);
    OfferRecord second = offers.get(1);
    assertThat(second.units()).isEqualTo(1.0);
    assertThat(second.offeredPrice()).isEqualByComparingTo("1.69");
    assertThat(second.context().product().listPrice()).isEqualByComparingTo("1.99");
    assertThat(second.context().market().competitorPrices()).singleElement()
        .satisfies(p -> assertThat(p).isEqualByComparingTo("1.75"));
    assertThat(second.context().customer().attributes().get("loyalty")).isCloseTo(0.4,
        org.assertj.core.data.Offset.offset(1e-12));
    assertThat(second.context().product().attributes()).containsEntry("special", 1.0)
        .containsEntry("pct_disc", 0.150754);
    assertThat(second.time()).isEqualTo(DominicksOffers.weekInstant(239));
  }

  @Test
  void islrParse_badPurchase_namesLineAndColumn() {
    String bad = ISLR.replace("2,MM,239", "2,XX,239");
    assertThatThrownBy(() -> IslrOjOffers.parse(new StringReader(bad), "oj.csv"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("oj.csv line 3 column Purchase").hasMessageContaining("'XX'");
  }

  @Test
  void islrParse_missingColumn_namesLine() {
    String bad = ISLR + "3,CH,240,1,1.75\n";
    assertThatThrownBy(() -> IslrOjOffers.parse(new StringReader(bad), "oj.csv"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line 4").hasMessageContaining("19 columns");
  }

  @Test
  void margarineOffers_validRows_joinDemographicsAndMarkChoice() throws Exception {
    List<MargarineOffers.Occasion> occ = MargarineOffers.parseChoices(new StringReader(MARG), "m");
    Map<Long, Map<String, Double>> demo = MargarineOffers.parseDemographics(new StringReader(MARG_DEMO), "d");
    int brand = MargarineOffers.mostChosen(occ);
    List<OfferRecord> offers = MargarineOffers.offers(occ, demo, brand);

    assertThat(brand).isEqualTo(1);
    assertThat(offers).extracting(OfferRecord::units).containsExactly(1.0, 0.0, 1.0);
    OfferRecord second = offers.get(1);
    assertThat(second.offeredPrice()).isEqualByComparingTo("0.60");
    assertThat(second.context().product().listPrice()).isEqualByComparingTo("0.66");
    assertThat(second.context().market().competitorPrices()).hasSize(9);
    assertThat(second.context().customer().id()).isEqualTo("hh-2100024");
    assertThat(second.context().customer().attributes()).containsEntry("income", 17.5).containsEntry("fam_size", 3.0);
  }

  @Test
  void margarineParse_badChoice_namesLineColumnAndValue() {
    String bad = MARG.replace("2100024,4,", "2100024,11,");
    assertThatThrownBy(() -> MargarineOffers.parseChoices(new StringReader(bad), "m.csv"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("m.csv line 3 column choice").hasMessageContaining("'11'");
  }

  @Test
  void margarineParse_nonPositivePrice_namesColumn() {
    String bad = MARG.replace("0.36,0.93", "-0.36,0.93");
    assertThatThrownBy(() -> MargarineOffers.parseChoices(new StringReader(bad), "m.csv"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("line 2 column PGen_Stk").hasMessageContaining("'-0.36'");
  }

  @Test
  void margarineOffers_unknownHousehold_namesLine() throws Exception {
    List<MargarineOffers.Occasion> occ = MargarineOffers.parseChoices(new StringReader(MARG), "m");
    assertThatThrownBy(() -> MargarineOffers.offers(occ, Map.of(), 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line 2").hasMessageContaining("2100016");
  }
}
