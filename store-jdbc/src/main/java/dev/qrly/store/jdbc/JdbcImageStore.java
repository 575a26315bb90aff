package dev.qrly.store.jdbc;

import dev.qrly.core.code.CodeStyle;
import dev.qrly.core.image.ImageService;
import dev.qrly.core.image.ImageStore;
import dev.qrly.core.image.ImageVariant;
import dev.qrly.engine.ErrorCorrection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Image variants in {@code image_variants}, keyed by their hash; the same SQL on SQLite and PostgreSQL. */
public final class JdbcImageStore implements ImageStore {

    private static final String INSERT = "INSERT INTO image_variants (hash, tenant_id, data, error_correction, foreground, "
            + "background, margin) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (hash) DO NOTHING";

    private static final String SELECT = "SELECT hash, tenant_id, data, error_correction, foreground, background, margin "
            + "FROM image_variants";

    private final Sql sql;

    public JdbcImageStore(Sql sql) {
        this.sql = sql;
    }

    @Override
    public void insertIfAbsent(ImageVariant variant) {
        insertAllIfAbsent(List.of(variant));
    }

    /** One batch, in hash order: two instances storing overlapping variants lock them in the same order and never deadlock. */
    @Override
    public void insertAllIfAbsent(Collection<ImageVariant> variants) {
        if (variants.isEmpty()) {
            return;
        }
        List<ImageVariant> sorted = variants.stream().sorted(Comparator.comparing(ImageVariant::hash)).toList();
        String action = sorted.size() == 1 ? "insert image variant " + sorted.get(0).hash() : "insert " + sorted.size() + " image variants";
        sql.write(action, connection -> {
            try (PreparedStatement ps = connection.prepareStatement(INSERT)) {
                for (ImageVariant variant : sorted) {
                    bind(ps, variant);
                    ps.addBatch();
                }
                return ps.executeBatch().length;
            }
        });
    }

    @Override
    public Optional<ImageVariant> find(String hash) {
        return sql.read("find image variant " + hash, connection -> {
            try (PreparedStatement ps = connection.prepareStatement(SELECT + " WHERE hash = ?")) {
                ps.setString(1, hash);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(variant(rs)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public List<ImageVariant> findUnkeyed(String after, int limit) {
        return sql.read("find image variants with unkeyed addresses", connection -> {
            try (PreparedStatement ps = connection.prepareStatement(SELECT + " WHERE hash > ? AND length(hash) = "
                    + ImageService.UNKEYED_LENGTH + " ORDER BY hash LIMIT ?")) {
                ps.setString(1, after);
                ps.setInt(2, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    List<ImageVariant> page = new ArrayList<>();
                    while (rs.next()) {
                        page.add(variant(rs));
                    }
                    return page;
                }
            }
        });
    }

    private static ImageVariant variant(ResultSet rs) throws SQLException {
        return new ImageVariant(rs.getString("hash"), rs.getString("tenant_id"), rs.getString("data"),
                ErrorCorrection.valueOf(rs.getString("error_correction")),
                new CodeStyle(rs.getString("foreground"), rs.getString("background"), rs.getInt("margin")));
    }

    private static void bind(PreparedStatement ps, ImageVariant variant) throws SQLException {
        ps.setString(1, variant.hash());
        ps.setString(2, variant.tenantId());
        ps.setString(3, variant.data());
        ps.setString(4, variant.errorCorrection().name());
        ps.setString(5, variant.style().foreground());
        ps.setString(6, variant.style().background());
        ps.setInt(7, variant.style().margin());
    }
}
