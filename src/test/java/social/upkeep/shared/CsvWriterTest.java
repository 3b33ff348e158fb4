package social.upkeep.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CsvWriterTest {

    @Test
    void quotesWhatNeedsQuotingAndDefusesFormulas() {
        String csv = new CsvWriter()
                .row(List.of(CsvWriter.text("=HYPERLINK(\"http://evil\")"), CsvWriter.text("a, b"),
                        CsvWriter.text("say \"hi\""), "-12.50", CsvWriter.text("@SUM(A1)")))
                .toString();
        assertThat(csv).isEqualTo("\"'=HYPERLINK(\"\"http://evil\"\")\",\"a, b\",\"say \"\"hi\"\"\",-12.50,'@SUM(A1)\r\n");
    }
}
