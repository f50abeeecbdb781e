package dev.cusp.core.singularity;

import dev.cusp.core.singularity.input.GradientHealth;
import dev.cusp.core.singularity.input.JacobianSpectrum;
import dev.cusp.core.singularity.input.Junction;
import dev.cusp.core.singularity.input.KinkDistance;
import dev.cusp.core.singularity.input.LinearisedBoundaries;
import dev.cusp.core.singularity.input.MarginGeometry;
import dev.cusp.core.singularity.input.RankCertificate;
import dev.cusp.core.singularity.plane.SliceProximity;

/**
 * Everything measured at one analysed point, the input of {@link Labeler}. The cheap tier
 * ({@link PointAnalyzer}) fills the spectrum, margin, facets, ReLU geometry and gradient health; the costly
 * tiers add CLEVER, the junction at the boundary crossing and the slice proximity (null / NaN when not run).
 *
 * @param spectrum       null when the Jacobian is not finite (the point is then MASKED)
 * @param facets         null with fewer than three classes
 * @param kink           null unless the model is a dense ReLU network
 * @param certificate    null unless the model is a dense ReLU network
 * @param cleverL2       CLEVER score in L2 (NaN when not computed)
 * @param cleverLinf     CLEVER score in L∞ (NaN when not computed)
 */
public record PointEvidence(
        int predictedClass,
        double inputNorm,
        JacobianSpectrum spectrum,
        double jacobianFrobenius,
        MarginGeometry margin,
        LinearisedBoundaries facets,
        KinkDistance kink,
        RankCertificate certificate,
        GradientHealth health,
        double cleverL2,
        double cleverLinf,
        Junction junction,
        SliceProximity slice) {

    public PointEvidence withClever(double l2, double linf) {
        return new PointEvidence(predictedClass, inputNorm, spectrum, jacobianFrobenius, margin, facets, kink,
                certificate, health, l2, linf, junction, slice);
    }

    public PointEvidence withJunction(Junction j) {
        return new PointEvidence(predictedClass, inputNorm, spectrum, jacobianFrobenius, margin, facets, kink,
                certificate, health, cleverL2, cleverLinf, j, slice);
    }

    public PointEvidence withSlice(SliceProximity s) {
        return new PointEvidence(predictedClass, inputNorm, spectrum, jacobianFrobenius, margin, facets, kink,
                certificate, health, cleverL2, cleverLinf, junction, s);
    }
}
