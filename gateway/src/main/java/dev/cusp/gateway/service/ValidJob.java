package dev.cusp.gateway.service;

import dev.cusp.core.event.AttackPlan;
import dev.cusp.gateway.Model;

/** A job request that passed every check: the model it names, its data set and its attack plan. */
public record ValidJob(Model model, DatasetCatalog.Entry dataset, int examples, long seed, AttackPlan plan) {
}
