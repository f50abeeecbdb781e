package dev.cusp.gateway.service;

import dev.cusp.core.event.AttackPlan;
import dev.cusp.core.event.AttackSpec;
import dev.cusp.core.event.SingularityPlan;
import dev.cusp.core.job.AttackRegistry;
import dev.cusp.core.job.ShardPlanner;
import dev.cusp.gateway.Model;
import dev.cusp.gateway.config.GatewayConfig;
import dev.cusp.gateway.repository.ModelRepository;
import dev.cusp.gateway.rest.JobRequest;
import dev.cusp.gateway.rest.JobRequest.AttackRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.BadRequestException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Checks a job request and reports every problem at once, each naming the offending value. */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class JobRequestValidator {
    /** Seed used when a request gives none. */
    public static final long DEFAULT_SEED = 0L;

    private final GatewayConfig config;
    private final ModelRepository models;
    private final SingularityPlanValidator singularity;

    JobRequestValidator(GatewayConfig config, ModelRepository models, SingularityPlanValidator singularity) {
        this.config = config;
        this.models = models;
        this.singularity = singularity;
    }

    /** The validated job; throws {@link BadRequestException} listing every problem otherwise. */
    public ValidJob validate(JobRequest request) {
        if (request == null) {
            throw new BadRequestException("invalid job: the request body is empty");
        }
        List<String> problems = new ArrayList<>();
        Optional<Model> model = model(request.modelId(), problems);
        Optional<DatasetCatalog.Entry> dataset = dataset(request, problems);
        int examples = examples(request.examples(), dataset, problems);
        List<AttackSpec> attacks = attacks(request.attacks(), problems);
        SingularityPlan singularityPlan = singularity.validate(request.singularityPlan(), problems);
        if (model.isPresent() && dataset.isPresent()) {
            compatible(model.get(), dataset.get(), problems);
        }
        model.ifPresent(m -> classes(attacks, m, problems));
        if (!problems.isEmpty()) {
            throw new BadRequestException("invalid job: " + String.join("; ", problems));
        }
        cost(attacks, dataset.get(), problems);
        if (!problems.isEmpty()) {
            throw new BadRequestException("invalid job: " + String.join("; ", problems));
        }
        long seed = request.seed() == null ? DEFAULT_SEED : request.seed();
        return new ValidJob(model.get(), dataset.get(), examples, seed, new AttackPlan(attacks), singularityPlan);
    }

    private Optional<Model> model(String modelId, List<String> problems) {
        if (modelId == null || modelId.isBlank()) {
            problems.add("modelId is required");
            return Optional.empty();
        }
        UUID id;
        try {
            id = UUID.fromString(modelId);
        } catch (IllegalArgumentException e) {
            problems.add("modelId '" + modelId + "' is not a UUID");
            return Optional.empty();
        }
        Optional<Model> model = models.findByIdOptional(id);
        if (model.isEmpty()) {
            problems.add("no model with id " + id);
        }
        return model;
    }

    private static Optional<DatasetCatalog.Entry> dataset(JobRequest request, List<String> problems) {
        if (request.dataset() == null || request.dataset().name() == null) {
            problems.add("dataset {name, split} is required; supported: " + DatasetCatalog.names());
            return Optional.empty();
        }
        Optional<DatasetCatalog.Entry> entry = DatasetCatalog.find(request.dataset());
        if (entry.isEmpty()) {
            problems.add("unknown dataset '" + request.dataset().name() + "/" + request.dataset().split()
                    + "'; supported: " + DatasetCatalog.names());
        }
        return entry;
    }

    private int examples(Integer examples, Optional<DatasetCatalog.Entry> dataset, List<String> problems) {
        int max = config.jobs().maxExamples();
        if (examples == null) {
            problems.add("examples is required (1.." + max + ")");
            return 0;
        }
        if (examples < 1 || examples > max) {
            problems.add("examples must be between 1 and " + max + ", got " + examples);
        } else if (dataset.isPresent() && examples > dataset.get().size()) {
            problems.add("examples " + examples + " exceeds the " + dataset.get().size() + " examples of "
                    + dataset.get().ref().name() + "/" + dataset.get().ref().split());
        }
        return examples;
    }

    private List<AttackSpec> attacks(List<AttackRequest> requests, List<String> problems) {
        if (requests == null || requests.isEmpty()) {
            problems.add("attacks must list at least one attack; supported: " + AttackCatalog.names());
            return List.of();
        }
        List<AttackSpec> specs = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < requests.size(); i++) {
            AttackRequest attack = requests.get(i);
            String where = "attacks[" + i + "]";
            if (attack == null) {
                problems.add(where + " is empty");
                continue;
            }
            Map<String, Object> params = attack.params() == null ? Map.of()
                    : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(attack.params()));
            if (!AttackCatalog.supports(attack.attack(), attack.norm())) {
                problems.add(where + ": unsupported attack '" + attack.attack() + "/" + attack.norm()
                        + "'; supported: " + AttackCatalog.names());
            } else if (!seen.add(attack.attack() + "/" + attack.norm())) {
                problems.add(where + ": " + attack.attack() + "/" + attack.norm() + " is listed twice");
            } else {
                budget(where, attack.attack(), attack.norm(), params, problems);
            }
            List<Double> epsilons = epsilons(where, attack.norm(), attack.epsilons(), problems);
            specs.add(new AttackSpec(attack.attack(), attack.norm(), epsilons, params));
        }
        return specs;
    }

    /** One example of the whole plan must fit a shard that finishes inside the worker's commit timeout. */
    private void cost(List<AttackSpec> attacks, DatasetCatalog.Entry dataset, List<String> problems) {
        double cost = ShardPlanner.costPerExample(new AttackPlan(attacks), dataset.classes());
        double max = config.jobs().maxCostPerExample();
        if (cost > max) {
            problems.add(String.format(java.util.Locale.ROOT, "the attack plan needs up to %.0f cost units (gradient"
                    + " evaluations, a query 1/3) per example, more than the maximum %.0f that keeps a one-example"
                    + " shard inside the worker's commit timeout; lower steps, restarts, queries or the number of ε",
                    cost, max));
        }
    }

    /** The parameters are valid for the attack and its budget is within the configured maxima. */
    private void budget(String where, String attack, String norm, Map<String, Object> params, List<String> problems) {
        AttackRegistry.Budget budget;
        try {
            budget = AttackRegistry.configure(new AttackSpec(attack, norm, List.of(), params)).budget();
        } catch (IllegalArgumentException e) {
            problems.add(where + ": " + e.getMessage());
            return;
        }
        GatewayConfig.Jobs jobs = config.jobs();
        String name = attack + "/" + norm;
        if (budget.iterations() > jobs.maxIterations()) {
            problems.add(where + ": " + name + " asks for " + budget.iterations() + " iterations, more than the maximum "
                    + jobs.maxIterations());
        }
        if (budget.restarts() > jobs.maxRestarts()) {
            problems.add(where + ": " + name + " asks for " + budget.restarts()
                    + " restarts (or targets, or binary-search steps), more than the maximum " + jobs.maxRestarts());
        }
        if (budget.queries() > jobs.maxQueries()) {
            problems.add(where + ": " + name + " may use " + budget.queries() + " model queries per example, more than"
                    + " the maximum " + jobs.maxQueries());
        }
    }

    private List<Double> epsilons(String where, String norm, List<Double> epsilons, List<String> problems) {
        double max = "l2".equals(norm) ? config.jobs().maxEpsilonL2()
                : "l1".equals(norm) ? config.jobs().maxEpsilonL1() : config.jobs().maxEpsilon();
        if (epsilons == null || epsilons.isEmpty()) {
            problems.add(where + ": epsilons must list at least one budget in (0, " + max + "]");
            return List.of();
        }
        for (Double epsilon : epsilons) {
            if (epsilon == null || !Double.isFinite(epsilon) || epsilon <= 0 || epsilon > max) {
                problems.add(where + ": epsilon " + epsilon + " is not a finite number in (0, " + max + "]");
            }
        }
        if (epsilons.stream().distinct().count() != epsilons.size()) {
            problems.add(where + ": epsilons " + epsilons + " contain duplicates");
        }
        return epsilons.stream().filter(e -> e != null).sorted().toList();
    }

    /** Every attack of the plan can run on a model with this many classes (the DLR losses rank 3 or 4 logits). */
    private static void classes(List<AttackSpec> attacks, Model model, List<String> problems) {
        for (int i = 0; i < attacks.size(); i++) {
            AttackSpec spec = attacks.get(i);
            if (!AttackCatalog.supports(spec.attack(), spec.norm())) {
                continue; // already reported as unsupported
            }
            try {
                AttackRegistry.requireClasses(spec.attack(), model.classes);
            } catch (IllegalArgumentException e) {
                problems.add("attacks[" + i + "]: " + e.getMessage());
            }
        }
    }

    private static void compatible(Model model, DatasetCatalog.Entry dataset, List<String> problems) {
        String name = dataset.ref().name() + "/" + dataset.ref().split();
        if (model.inputSize() != dataset.inputSize()) {
            problems.add("model " + model.id + " takes " + model.inputSize() + " inputs but " + name + " has "
                    + dataset.inputSize() + " features");
        }
        if (model.classes != dataset.classes()) {
            problems.add("model " + model.id + " has " + model.classes + " classes but " + name + " has "
                    + dataset.classes());
        }
    }
}
