package dev.cusp.gateway;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Basic;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The bytes of a model file, stored once per SHA-256 of its content. */
@Entity
@Table(name = "model_blobs")
public class ModelBlob extends PanacheEntityBase {
    @Id
    public String sha256;

    @Column(name = "size_bytes")
    public long sizeBytes;

    @Basic(fetch = FetchType.LAZY)
    public byte[] content;
}
