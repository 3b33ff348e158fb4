package social.upkeep.expense;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import social.upkeep.instance.Instance;
import social.upkeep.instance.Instances;
import social.upkeep.support.Browser;
import social.upkeep.support.Servers;
import social.upkeep.support.SignedInOwner;
import social.upkeep.support.UpkeepTest;

/** Receipts are checked by content, kept private unless marked public, and served safely. */
@UpkeepTest
class ReceiptUploadTest {

    static final byte[] PDF = "%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);
    static final byte[] SVG = "<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>"
            .getBytes(StandardCharsets.UTF_8);

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PasswordEncoder passwords;

    @Autowired
    Instances instances;

    @Autowired
    Expenses expenses;

    Browser browser;
    Instance server;

    @BeforeEach
    void signIn() {
        browser = SignedInOwner.browser(port, jdbc, passwords);
        server = Servers.create(instances, "example.social", "EUR");
    }

    Browser.Page upload(String name, String type, byte[] content, boolean receiptPublic) {
        var fields = new HashMap<>(Map.of("spentOn", "2026-11-03", "category", "hosting", "vendor", "Hetzner",
                "description", "", "charged", "20", "chargedCurrency", "EUR", "booked", ""));
        if (receiptPublic) {
            fields.put("receiptPublic", "true");
        }
        return browser.upload(browser.get("/operator/servers/" + server.id() + "/expenses/new"), "main form", fields,
                "receipt", name, type, content);
    }

    @Test
    void pdfReceiptIsKeptAndServedAsPdfInASandbox() {
        assertThat(upload("invoice.pdf", "application/pdf", PDF, false).text()).contains("The expense was added.");
        long id = expenses.all(server.id()).get(0).id();
        var receipt = browser.get("/operator/servers/" + server.id() + "/expenses/" + id + "/receipt");
        assertThat(receipt.status()).isEqualTo(200);
        assertThat(receipt.header("Content-Type")).isEqualTo("application/pdf");
        assertThat(receipt.header("Content-Security-Policy")).contains("sandbox");
        assertThat(receipt.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(receipt.body()).startsWith("%PDF-1.7");
        assertThat(expenses.receipt(server.id(), id, true)).as("private unless marked public").isEmpty();
    }

    @Test
    void aFormWithMistakesSaysTheReceiptMustBeChosenAgainAndKeepsThePublicTick() {
        var fields = new HashMap<>(Map.of("spentOn", "2026-11-03", "category", "hosting", "vendor", "",
                "description", "", "charged", "20", "chargedCurrency", "EUR", "booked", "", "receiptPublic", "true"));
        var page = browser.upload(browser.get("/operator/servers/" + server.id() + "/expenses/new"), "main form",
                fields, "receipt", "invoice <b>11</b>.pdf", "application/pdf", PDF);
        assertThat(page.document().select("p.receipt-again").text())
                .isEqualTo("The receipt “invoice <b>11</b>.pdf” was not saved, because the form had mistakes: "
                        + "choose it again before saving.");
        assertThat(page.document().select("#receiptPublic").hasAttr("checked")).isTrue();
        assertThat(page.body()).doesNotContain("<b>11</b>");
        assertThat(expenses.all(server.id())).isEmpty();
    }

    @Test
    void svgHtmlAndLyingExtensionsAreRefused() {
        assertThat(upload("logo.svg", "image/svg+xml", SVG, false).text()).contains("must be PDF, PNG or JPEG");
        assertThat(upload("invoice.pdf", "application/pdf", SVG, false).text()).contains("must be PDF, PNG or JPEG");
        assertThat(upload("page.html", "text/html", "<html><script>x</script>".getBytes(StandardCharsets.UTF_8), false)
                .text()).contains("must be PDF, PNG or JPEG");
        assertThat(expenses.all(server.id())).isEmpty();
    }

    @Test
    void oversizedReceiptGetsAClearErrorAndNothingIsStored() {
        byte[] big = Arrays.copyOf(PDF, 10 * 1024 * 1024 + 10);
        var page = upload("big.pdf", "application/pdf", big, false);
        assertThat(page.text()).contains("The receipt is larger than 10 MB.");
        assertThat(page.document().selectFirst("#vendor").attr("value")).as("the rest of the form is kept")
                .isEqualTo("Hetzner");
        byte[] huge = Arrays.copyOf(PDF, 14 * 1024 * 1024);
        var refused = upload("huge.pdf", "application/pdf", huge, false);
        assertThat(refused.status()).isEqualTo(413);
        assertThat(refused.body()).doesNotContain("Exception");
        assertThat(expenses.all(server.id())).isEmpty();
    }

    @Test
    void publicReceiptIsMarkedPublic() {
        upload("invoice.pdf", "application/pdf", PDF, true);
        long id = expenses.all(server.id()).get(0).id();
        assertThat(expenses.get(server.id(), id).hasPublicReceipt()).isTrue();
        assertThat(expenses.receipt(server.id(), id, true)).isPresent();
    }
}
