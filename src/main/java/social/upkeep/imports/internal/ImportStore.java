package social.upkeep.imports.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Currency;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import social.upkeep.ledger.EntryKind;
import social.upkeep.shared.Money;

/** Import batches with their read lines, the keys of every row ever booked from an import, and saved mappings. */
@Repository
class ImportStore {

    /** An upload: its format, file name, state, how many records it had, and what booking it made. */
    record Batch(long id, long instanceId, String format, String fileName, String status, int rowsRead,
            Instant createdAt, @Nullable Instant bookedAt, @Nullable Integer booked) {
    }

    private final JdbcClient jdbc;
    private final JdbcTemplate batches;

    ImportStore(JdbcClient jdbc, JdbcTemplate batches) {
        this.jdbc = jdbc;
        this.batches = batches;
    }

    long create(long instanceId, String format, String fileName, int rowsRead, List<ImportLine> lines, Instant now) {
        long id = jdbc.sql("""
                        INSERT INTO import_batch (instance_id, format, file_name, status, rows_read, created_at)
                        VALUES (?, ?, ?, 'PREVIEW', ?, ?) RETURNING id""")
                .params(instanceId, format, fileName, rowsRead, now.atOffset(ZoneOffset.UTC)).query(Long.class).single();
        List<Object[]> rows = new ArrayList<>();
        for (int seq = 0; seq < lines.size(); seq++) {
            ImportLine line = lines.get(seq);
            rows.add(new Object[] {id, seq, line.line(), line.status().name(), line.reason(), truncate(line.reasonArg()),
                    line.kind() == null ? null : line.kind().name(), line.on(),
                    line.amount() == null ? null : line.amount().minor(),
                    line.amount() == null ? null : line.amount().currency().getCurrencyCode(),
                    line.booked() == null ? null : line.booked().minor(), line.sourceKey(),
                    truncate(line.description())});
        }
        batches.batchUpdate("""
                        INSERT INTO import_row (batch_id, seq, line, status, reason, reason_arg, kind, booked_on,
                            amount_minor, currency, booked_minor, source_key, description)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", rows,
                new int[] {Types.BIGINT, Types.INTEGER, Types.INTEGER, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR,
                        Types.VARCHAR, Types.DATE, Types.BIGINT, Types.CHAR, Types.BIGINT, Types.VARCHAR,
                        Types.VARCHAR});
        return id;
    }

    Optional<Batch> batch(long instanceId, long id) {
        return jdbc.sql("SELECT * FROM import_batch WHERE instance_id = ? AND id = ?").params(instanceId, id)
                .query(ImportStore::batch).optional();
    }

    List<Batch> recent(long instanceId, int limit) {
        return jdbc.sql("SELECT * FROM import_batch WHERE instance_id = ? ORDER BY created_at DESC, id DESC LIMIT ?")
                .params(instanceId, limit).query(ImportStore::batch).list();
    }

    List<ImportLine> lines(long batchId) {
        return jdbc.sql("""
                        SELECT r.*, i.reporting_currency AS server_currency FROM import_row r
                        JOIN import_batch b ON b.id = r.batch_id JOIN instance i ON i.id = b.instance_id
                        WHERE r.batch_id = ? ORDER BY r.seq""").param(batchId)
                .query(ImportStore::line).list();
    }

    /** Which of {@code keys} are booked already on this server: by an earlier import, or in the ledger. */
    Set<String> booked(long instanceId, Collection<String> keys) {
        if (keys.isEmpty()) {
            return Set.of();
        }
        String[] array = keys.toArray(String[]::new);
        return new HashSet<>(jdbc.sql("""
                        SELECT source_key FROM import_key WHERE instance_id = :i AND source_key = ANY(:keys)
                        UNION SELECT source_key FROM ledger_entry WHERE instance_id = :i AND source_key = ANY(:keys)""")
                .param("i", instanceId).param("keys", array).query(String.class).list());
    }

    /** Remembers that each key was booked, as itself or inside the entry {@code bookedAs} names. */
    void remember(long instanceId, long batchId, Map<String, String> bookedAs) {
        List<Object[]> rows = bookedAs.entrySet().stream()
                .map(e -> new Object[] {instanceId, e.getKey(), batchId, e.getValue()}).toList();
        batches.batchUpdate("""
                        INSERT INTO import_key (instance_id, source_key, batch_id, booked_as) VALUES (?, ?, ?, ?)
                        ON CONFLICT DO NOTHING""", rows);
    }

    /** Marks the batch booked (or discarded); false when it was no longer a preview (booked twice, say). */
    boolean finish(long instanceId, long id, String status, @Nullable Integer booked, Instant now) {
        return jdbc.sql("""
                        UPDATE import_batch SET status = ?, booked = ?, booked_at = ?
                        WHERE instance_id = ? AND id = ? AND status = 'PREVIEW'""")
                .params(status, booked, now.atOffset(ZoneOffset.UTC), instanceId, id).update() == 1;
    }

    /**
     * Drops the read lines of batches uploaded before {@code before}; a preview never booked by then is discarded
     * (the operator uploads the file again).
     */
    int forgetLines(Instant before) {
        jdbc.sql("UPDATE import_batch SET status = 'DISCARDED' WHERE status = 'PREVIEW' AND created_at < ?")
                .param(before.atOffset(ZoneOffset.UTC)).update();
        return jdbc.sql("""
                        DELETE FROM import_row WHERE batch_id IN (SELECT id FROM import_batch WHERE created_at < ?)""")
                .param(before.atOffset(ZoneOffset.UTC)).update();
    }

    Map<String, ColumnMapping> mappings(long instanceId) {
        var mappings = new java.util.LinkedHashMap<String, ColumnMapping>();
        jdbc.sql("SELECT name, mapping FROM import_mapping WHERE instance_id = ? ORDER BY name").param(instanceId)
                .query((rs, row) -> Map.entry(rs.getString(1), ColumnMapping.fromJson(rs.getString(2)))).list()
                .forEach(e -> mappings.put(e.getKey(), e.getValue()));
        return mappings;
    }

    void saveMapping(long instanceId, String name, ColumnMapping mapping, Instant now) {
        jdbc.sql("""
                        INSERT INTO import_mapping (instance_id, name, mapping, updated_at) VALUES (?, ?, ?, ?)
                        ON CONFLICT (instance_id, name) DO UPDATE SET mapping = excluded.mapping,
                            updated_at = excluded.updated_at""")
                .params(instanceId, name, mapping.toJson(), now.atOffset(ZoneOffset.UTC)).update();
    }

    private static @Nullable String truncate(@Nullable String text) {
        return text == null || text.length() <= 200 ? text : text.substring(0, 200);
    }

    private static Batch batch(ResultSet rs, int row) throws SQLException {
        OffsetDateTime booked = rs.getObject("booked_at", OffsetDateTime.class);
        int count = rs.getInt("booked");
        return new Batch(rs.getLong("id"), rs.getLong("instance_id"), rs.getString("format"), rs.getString("file_name"),
                rs.getString("status"), rs.getInt("rows_read"), rs.getObject("created_at", OffsetDateTime.class)
                .toInstant(), booked == null ? null : booked.toInstant(), rs.wasNull() ? null : count);
    }

    private static ImportLine line(ResultSet rs, int row) throws SQLException {
        String kind = rs.getString("kind");
        String code = rs.getString("currency");
        Currency currency = code == null ? null : Currency.getInstance(code);
        long amount = rs.getLong("amount_minor");
        Money money = rs.wasNull() || currency == null ? null : new Money(amount, currency);
        long booked = rs.getLong("booked_minor");
        Money bookedMoney = rs.wasNull() ? null : booked(booked, rs);
        return new ImportLine(rs.getInt("line"), ImportLine.Status.valueOf(rs.getString("status")),
                rs.getString("reason"), rs.getString("reason_arg"), kind == null ? null : EntryKind.valueOf(kind),
                rs.getObject("booked_on", LocalDate.class), money, bookedMoney, rs.getString("source_key"),
                String.valueOf(rs.getString("description") == null ? "" : rs.getString("description")));
    }

    /** A booked amount is in the server's currency; the batch's server names it. */
    private static Money booked(long minor, ResultSet rs) throws SQLException {
        return new Money(minor, Currency.getInstance(rs.getString("server_currency")));
    }
}
