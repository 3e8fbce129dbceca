#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/io/export/exportlayer.h"
#include "core/util/error.h"

namespace byom {

/// What an export format does with one layer kind: writes it, refuses it with a reason, or
/// does not know it (a kind added to the catalogue without an entry in the format's table).
struct KindSupport {
    enum class Status { Emit, Unsupported, Missing };
    Status status = Status::Missing;
    std::string why;  // the reason of a refusal

    bool emits() const { return status == Status::Emit; }
};

/// One export format's translations, one entry per layer kind: the function that writes the
/// kind (`Emit`: a function pointer, member function pointer or std::function, called by the
/// format as it likes) or an explicit "unsupported: why". A format checks a whole model with
/// check() before writing anything, so a kind it cannot express is an Error naming the layer
/// (ExportLayer::describe()) and the reason, and no file is touched.
template <typename Emit>
class KindTable {
public:
    struct Entry {
        std::string kind;
        Emit emit{};
        std::string unsupported;  // non-empty: the format refuses the kind, and why
    };

    /// An entry writing `kind` with `emit`.
    static Entry emits(std::string kind, Emit emit) { return {std::move(kind), emit, {}}; }
    /// An entry refusing `kind`, saying why (shown to the user).
    static Entry refuses(std::string kind, std::string why) {
        return {std::move(kind), Emit{}, std::move(why)};
    }

    explicit KindTable(std::vector<Entry> entries) : m_entries(std::move(entries)) {}

    const std::vector<Entry>& entries() const { return m_entries; }

    KindSupport supports(const std::string& kind) const {
        const Entry* e = find(kind);
        if (!e) return {KindSupport::Status::Missing, {}};
        if (!e->unsupported.empty()) return {KindSupport::Status::Unsupported, e->unsupported};
        return {KindSupport::Status::Emit, {}};
    }

    /// The function writing `layer`; throws the Error check() throws for it.
    const Emit& emitter(const ExportLayer& layer, const std::string& format) const {
        const Entry* e = find(layer.kind());
        if (!e || !e->unsupported.empty()) fail(layer, e, format);
        return e->emit;
    }

    /// Throws Error "<format>: cannot export <layer>: <why>" for the first layer of `layers`
    /// (blocks' inner layers included) the format does not write. `format` is the --format
    /// name ("onnx").
    void check(const std::vector<ExportLayer>& layers, const std::string& format) const {
        for (const ExportLayer& l : layers) {
            emitter(l, format);
            check(l.children, format);
        }
    }

private:
    const Entry* find(const std::string& kind) const {
        for (const Entry& e : m_entries)
            if (e.kind == kind) return &e;
        return nullptr;
    }

    [[noreturn]] static void fail(const ExportLayer& layer, const Entry* e,
                                  const std::string& format) {
        throw Error(format + ": cannot export " + layer.describe() + ": " +
                    (e ? e->unsupported
                       : "the " + format + " exporter has no entry for the layer kind \"" +
                             layer.kind() + "\""));
    }

    std::vector<Entry> m_entries;
};

}  // namespace byom
