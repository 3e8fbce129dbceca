#include "core/schema/paramspec.h"

#include "core/schema/schema.h"

namespace byom {

const char* toString(ParamType type) {
    switch (type) {
        case ParamType::Int:
            return "int";
        case ParamType::Float:
            return "float";
        case ParamType::Bool:
            return "bool";
        case ParamType::Enum:
            return "enum";
        case ParamType::String:
            return "string";
        case ParamType::IntOrPair:
            return "int-or-pair";
        case ParamType::List:
            return "list";
        case ParamType::Object:
            return "object";
    }
    return "?";
}

json ParamSpec::toJson() const {
    json j = {{"name", name}, {"type", toString(type)}, {"doc", doc}};
    if (!defaultValue.is_null()) j["default"] = defaultValue;
    if (nullable) j["nullable"] = true;
    if (window2d) j["window_2d"] = true;
    if (!ignored.empty()) j["ignored"] = ignored;
    if (min) j[type == ParamType::List ? "min_items" : "min"] = *min;
    if (max) j[type == ParamType::List ? "max_items" : "max"] = *max;
    if (!choices.empty()) j["choices"] = choices;
    if (element) j["element"] = element->toJson();
    if (fields) j["fields"] = fields->toJson();
    return j;
}

ParamSpec makeParam(std::string name, ParamType type, json def, std::string doc) {
    ParamSpec p;
    p.name = std::move(name);
    p.type = type;
    p.defaultValue = std::move(def);
    p.doc = std::move(doc);
    return p;
}

ParamSpec intParam(std::string name, long long def, long long min, long long max, std::string doc) {
    ParamSpec p = makeParam(std::move(name), ParamType::Int, def, std::move(doc));
    p.min = static_cast<double>(min);
    p.max = static_cast<double>(max);
    return p;
}

ParamSpec floatParam(std::string name, double def, double min, double max, std::string doc) {
    ParamSpec p = makeParam(std::move(name), ParamType::Float, def, std::move(doc));
    p.min = min;
    p.max = max;
    return p;
}

ParamSpec boolParam(std::string name, bool def, std::string doc) {
    return makeParam(std::move(name), ParamType::Bool, def, std::move(doc));
}

ParamSpec enumParam(std::string name, std::string def, std::vector<std::string> choices,
                    std::string doc) {
    ParamSpec p = makeParam(std::move(name), ParamType::Enum, std::move(def), std::move(doc));
    p.choices = std::move(choices);
    return p;
}

ParamSpec pairParam(std::string name, long long def, long long min, long long max,
                    std::string doc) {
    ParamSpec p = intParam(std::move(name), def, min, max, std::move(doc));
    p.type = ParamType::IntOrPair;
    return p;
}

ParamSpec windowParam(std::string name, long long def, long long min, long long max,
                      std::string doc) {
    ParamSpec p = pairParam(std::move(name), def, min, max, std::move(doc));
    p.window2d = true;
    return p;
}

ParamSpec ignoredParam(ParamSpec spec, std::string why) {
    spec.ignored = std::move(why);
    return spec;
}

ParamSpec listParam(std::string name, ParamSpec element, json def, std::size_t minItems,
                    std::size_t maxItems, std::string doc) {
    ParamSpec p = makeParam(std::move(name), ParamType::List, std::move(def), std::move(doc));
    p.min = static_cast<double>(minItems);
    p.max = static_cast<double>(maxItems);
    p.element = std::make_shared<const ParamSpec>(std::move(element));
    return p;
}

ParamSpec orNull(ParamSpec spec) {
    spec.defaultValue = nullptr;
    spec.nullable = true;
    return spec;
}

ParamSpec objectParam(std::string name, std::shared_ptr<const Schema> fields, std::string doc) {
    ParamSpec p = makeParam(std::move(name), ParamType::Object,
                            fields ? fields->example() : json::object(), std::move(doc));
    p.fields = std::move(fields);
    return p;
}

}  // namespace byom
