package dev.cusp.gateway;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** An uploaded model: its identity, its content address and the shape it was validated to have. */
@Entity
@Table(name = "models")
public class Model extends PanacheEntityBase {
    /** Format of files written by DL4J's {@code ModelSerializer}. */
    public static final String DL4J_ZIP = "dl4j-zip";

    @Id
    public UUID id;

    public String name;

    public String version;

    public String format;

    public String sha256;

    @Column(name = "size_bytes")
    public long sizeBytes;

    @Column(name = "input_shape")
    @JdbcTypeCode(SqlTypes.ARRAY)
    public int[] inputShape;

    public int classes;

    public long parameters;

    @Column(name = "created_at")
    public Instant createdAt;

    /** Number of input features: the product of the input shape. */
    public int inputSize() {
        int size = 1;
        for (int dimension : inputShape) {
            size *= dimension;
        }
        return size;
    }
}
