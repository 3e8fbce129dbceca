#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/model/model.h"
#include "core/model/stackentry.h"
#include "core/registry/architecture.h"

namespace byom {

/// The model registry (HeartKit's ModelFactory): architectures by name, in registration order.
class ModelFactory {
public:
    /// A factory holding the built-in architectures (mlp, stack).
    static ModelFactory withBuiltins();
    /// The built-ins plus registered architectures (a project's, in its order). Throws Error
    /// when one of them is invalid (duplicate name, cycle).
    static ModelFactory withArchitectures(const std::vector<StackEntry>& architectures);
    /// The registry as far as it is valid, for views that show a project while it is being
    /// edited: an architecture that cannot be registered (or whose blocks do not resolve) is
    /// left out, so it only breaks the blocks using it. Never throws.
    static ModelFactory usable(const std::vector<StackEntry>& architectures);

    /// Registers a layer stack under its name: params are {"layers": [...]} (its own layers by
    /// default); num_classes adds a softmax head unless the stack ends in one. Refuses a stack
    /// that uses itself, directly or through other architectures, naming the cycle.
    void addStack(const StackEntry& stack, bool replace = false, bool checkBlocks = true);
    /// Resolves the blocks of every user architecture (after adding several with
    /// checkBlocks = false, so they may refer to each other in any order); throws Error
    /// naming the architecture and the cycle or unknown block.
    void checkAll() const;

    /// A params object {"name", "params"} may name a user architecture this registry does not
    /// know and carry its definition, {"layers": [...]}, as `byom export --format params`
    /// writes one. Registers it under that name so the file stands on its own; returns
    /// whether it did (false for a known name or params of another form).
    bool adoptDefinition(const std::string& name, const json& params);

    /// Registers a builder; a taken name is an error unless `replace` is true.
    void add(Architecture arch, bool replace = false);
    bool has(const std::string& name) const;
    /// Throws Error naming the known architectures and the nearest match.
    const Architecture& get(const std::string& name) const;
    void remove(const std::string& name);
    std::vector<std::string> list() const;

    /// Validates params against the builder's schema (every problem, with JSON paths under
    /// "params") and expands them to a layer stack. With num_classes the builder adds its head
    /// of that many units: softmax, or linear for regression (num_classes = the targets).
    std::vector<LayerSpec> expand(const std::string& name, const Shape& input, const json& params,
                                  std::optional<int> numClasses,
                                  HeadKind head = HeadKind::Softmax) const;
    /// The keys of valid params that are accepted without effect (keys HeartKit's classes
    /// drop, fields read nowhere), each with its path under "params" and why.
    std::vector<Problem> warnings(const std::string& name, const json& params) const;
    /// expand() and build the model.
    std::unique_ptr<Model<float>> build(const std::string& name, const Shape& input,
                                        const json& params, std::optional<int> numClasses,
                                        HeadKind head = HeadKind::Softmax) const;

    /// A copy of `layers` in which every "architecture" block holds the (recursively resolved)
    /// layers of the architecture it names. `chain` is the names being resolved (for cycles).
    std::vector<LayerSpec> resolve(const std::vector<LayerSpec>& layers,
                                   std::vector<std::string> chain = {}) const;
    /// Names of the user architectures whose layers use `name` as a block.
    std::vector<std::string> usersOf(const std::string& name) const;

    /// Names must be 1-64 characters of letters, digits, '-', '_' and '.', starting with a
    /// letter or digit. Throws Error saying which rule is broken.
    static void checkName(const std::string& name);

private:
    std::vector<Architecture> m_archs;
    std::vector<StackEntry> m_stacks;  // the user architectures' definitions
};

/// Adds a Dense(numClasses, softmax) head (linear for HeadKind::Linear) unless the stack already
/// ends in a dense layer with numClasses units.
void appendClassifierHead(std::vector<LayerSpec>& layers, std::optional<int> numClasses,
                          HeadKind head = HeadKind::Softmax);

}  // namespace byom
