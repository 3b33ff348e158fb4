package social.upkeep.transparency.internal;

import java.io.StringWriter;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.springframework.context.MessageSource;
import social.upkeep.ledger.ClosedMonth;
import social.upkeep.shared.LongDates;

/** An Atom feed with one entry per closed month, written with a real XML writer so every text is escaped. */
final class AtomFeed {

    private AtomFeed() {
    }

    static String of(FundingReport report, String pageUrl, MessageSource messages, Locale locale,
            java.util.function.Function<social.upkeep.shared.Money, String> format) {
        var server = report.server();
        var out = new StringWriter();
        try {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeStartElement("feed");
            xml.writeDefaultNamespace("http://www.w3.org/2005/Atom");
            element(xml, "title", messages.getMessage("feed.title", new Object[] {server.displayName()}, locale));
            element(xml, "id", pageUrl);
            link(xml, pageUrl, "alternate");
            link(xml, pageUrl + "/feed.atom", "self");
            String updated = report.closedMonths().isEmpty() ? server.createdAt().toString()
                    : report.closedMonths().get(0).closedAt().atOffset(ZoneOffset.UTC).format(DateTimeFormatter.ISO_INSTANT);
            element(xml, "updated", updated);
            xml.writeStartElement("author");
            element(xml, "name", server.displayName());
            xml.writeEndElement();
            for (ClosedMonth month : report.closedMonths()) {
                String name = month.month().atDay(1).format(LongDates.month(locale));
                xml.writeStartElement("entry");
                element(xml, "title", messages.getMessage("feed.entry.title", new Object[] {name}, locale));
                element(xml, "id", pageUrl + "#" + month.month());
                link(xml, pageUrl + "#month-" + month.month(), "alternate");
                element(xml, "updated", month.closedAt().atOffset(ZoneOffset.UTC).format(DateTimeFormatter.ISO_INSTANT));
                element(xml, "summary", messages.getMessage("feed.entry.summary", new Object[] {
                        format.apply(month.income()), format.apply(month.costs()), format.apply(month.balance())}, locale));
                xml.writeEndElement();
            }
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
    }

    private static void element(XMLStreamWriter xml, String name, String text) throws XMLStreamException {
        xml.writeStartElement(name);
        xml.writeCharacters(text);
        xml.writeEndElement();
    }

    private static void link(XMLStreamWriter xml, String href, String rel) throws XMLStreamException {
        xml.writeEmptyElement("link");
        xml.writeAttribute("rel", rel);
        xml.writeAttribute("href", href);
    }
}
