package dev.cusp.core.job;

import dev.cusp.core.event.PointGeometry;
import dev.cusp.core.singularity.Label;
import dev.cusp.core.singularity.LabelRules;
import dev.cusp.core.singularity.Labeler;
import dev.cusp.core.singularity.PointEvidence;
import dev.cusp.core.singularity.SegmentAnalysis;
import dev.cusp.core.singularity.input.BoundaryCrossing;
import dev.cusp.core.singularity.input.JacobianSpectrum;
import dev.cusp.core.singularity.input.Junction;
import dev.cusp.core.singularity.input.KinkDistance;
import dev.cusp.core.singularity.input.LinearisedBoundaries;
import dev.cusp.core.singularity.input.MarginGeometry;
import dev.cusp.core.singularity.input.RankCertificate;
import dev.cusp.core.singularity.input.RegionWalk;
import java.util.Arrays;
import java.util.List;

/** Turns core's evidence at a point (and the segment it lies on) into the {@code PointGeometry} event record. */
final class PointRecords {
    private final LabelRules rules;
    private final int spectrumSize;

    /**
     * @param rules        the thresholds every point is labelled with
     * @param spectrumSize min(c, d): how many NaN singular values stand for a Jacobian that is not finite
     */
    PointRecords(LabelRules rules, int spectrumSize) {
        this.rules = rules;
        this.spectrumSize = spectrumSize;
    }

    /**
     * The event record of one analysed point, labelled with the rules.
     *
     * @param segment the example's segment: its crossing distance feeds the clean point's curvature ratio, and it
     *                is attached to the adversarial point (null when there is no adversarial batch)
     */
    PointGeometry of(int exampleIndex, String point, PointEvidence e, SegmentAnalysis segment,
            PointGeometry.Clever clever, PointGeometry.Slice slice) {
        Labeler.Labels labels = Labeler.label(e, rules);
        JacobianSpectrum s = e.spectrum();
        double[] sigma = s == null ? nan() : s.singularValues().clone();
        double kappa = s == null ? Double.NaN : s.conditionNumber();
        boolean clean = PointGeometry.CLEAN.equals(point);
        return new PointGeometry(exampleIndex, point, e.predictedClass(), sigma, kappa, e.margin().margin(),
                s == null ? null : new PointGeometry.Spectrum(s.rank(), s.corank(), s.boardmanIndex(), s.tolerance(),
                        e.jacobianFrobenius()),
                boundary(e.margin(), clean ? segment : null),
                facets(e.facets()),
                relu(e.kink(), e.certificate()),
                new PointGeometry.Health(e.health().status().name(), e.health().norm()),
                PointGeometry.ADVERSARIAL.equals(point) && segment != null ? segment(segment) : null,
                PointGeometry.CROSSING.equals(point) ? junction(e.junction()) : null,
                clever, slice,
                labels.labels().stream().map(Label::name).toList(), labels.primary().name(),
                List.copyOf(labels.reasons()));
    }

    /** NaN singular values of the right count when J is not finite. */
    private double[] nan() {
        double[] v = new double[spectrumSize];
        Arrays.fill(v, Double.NaN);
        return v;
    }

    static PointGeometry.Boundary boundary(MarginGeometry m, SegmentAnalysis segment) {
        double neededL2 = Double.NaN;
        double neededLinf = Double.NaN;
        if (segment != null && segment.crossing().found()) {
            neededL2 = segment.crossing().tHigh() * segment.distanceL2();
            neededLinf = segment.crossing().tHigh() * segment.distanceLinf();
        }
        return new PointGeometry.Boundary(m.referenceClass(), m.runnerUp(), m.gradientNorm2(), m.gradientNorm1(),
                m.firstOrderDistanceL2(), m.firstOrderDistanceLinf(), neededL2, neededLinf,
                m.curvatureRatio(neededL2, false), m.curvatureRatio(neededLinf, true));
    }

    private static PointGeometry.Facets facets(LinearisedBoundaries f) {
        return f == null ? null : new PointGeometry.Facets(f.nearestClass(), f.nearest(), f.secondClass(), f.second(),
                f.ratio(), f.normalCosine());
    }

    private static PointGeometry.Relu relu(KinkDistance k, RankCertificate c) {
        if (k == null || c == null) {
            return null;
        }
        return new PointGeometry.Relu(k.distanceL2(), k.distanceLinf(), k.layer(), k.unit(), k.smallestPreActivation(),
                c.rankBound(), c.certifiedCorank());
    }

    static PointGeometry.Segment segment(SegmentAnalysis s) {
        BoundaryCrossing c = s.crossing();
        RegionWalk walk = s.regions();
        return new PointGeometry.Segment(s.distanceL2(), s.distanceLinf(), c.found(), c.tLow(), c.tHigh(), c.fromClass(),
                c.toClass(), s.hamming(), walk == null ? -1 : walk.regions(), walk != null && walk.truncated());
    }

    private static PointGeometry.Junction junction(Junction j) {
        return j == null ? null : new PointGeometry.Junction(Arrays.copyOf(j.tiedClasses(), j.tiedClasses().length),
                j.thirdDistance(), j.radius());
    }
}
