package dev.qrly.store.sqlite;

import dev.qrly.core.code.CodeStyle;
import dev.qrly.core.image.ImageStore;
import dev.qrly.core.image.ImageVariant;
import dev.qrly.engine.ErrorCorrection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Optional;

/** Image variants in {@code image_variants}, keyed by their hash. */
final class SqliteImageStore implements ImageStore {

    private static final String INSERT = "INSERT INTO image_variants (hash, tenant_id, data, error_correction, foreground, "
            + "background, margin) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (hash) DO NOTHING";

    private final Database database;

    SqliteImageStore(Database database) {
        this.database = database;
    }

    @Override
    public void insertIfAbsent(ImageVariant variant) {
        database.write("insert image variant " + variant.hash(), connection -> {
            try (PreparedStatement ps = connection.prepareStatement(INSERT)) {
                bind(ps, variant);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public void insertAllIfAbsent(Collection<ImageVariant> variants) {
        if (variants.isEmpty()) {
            return;
        }
        database.write("insert " + variants.size() + " image variants", connection -> {
            try (PreparedStatement ps = connection.prepareStatement(INSERT)) {
                for (ImageVariant variant : variants) {
                    bind(ps, variant);
                    ps.addBatch();
                }
                return ps.executeBatch().length;
            }
        });
    }

    @Override
    public Optional<ImageVariant> find(String hash) {
        return database.read("find image variant " + hash, connection -> {
            try (PreparedStatement ps = connection.prepareStatement("SELECT hash, tenant_id, data, error_correction, foreground, "
                    + "background, margin FROM image_variants WHERE hash = ?")) {
                ps.setString(1, hash);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new ImageVariant(rs.getString("hash"), rs.getString("tenant_id"), rs.getString("data"),
                            ErrorCorrection.valueOf(rs.getString("error_correction")),
                            new CodeStyle(rs.getString("foreground"), rs.getString("background"), rs.getInt("margin"))));
                }
            }
        });
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
