package dev.cusp.gateway.service;

import dev.cusp.core.event.AttackPlan;
import dev.cusp.core.event.SingularityPlan;
import dev.cusp.gateway.Model;

/** A job request that passed every check: the model it names, its data set, its attack and singularity plans. */
public record ValidJob(Model model, DatasetCatalog.Entry dataset, int examples, long seed, AttackPlan plan,
        SingularityPlan singularityPlan) {
}
