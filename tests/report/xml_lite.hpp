// A strict, minimal XML reader for tests: enough to prove the report's SVG
// is well-formed (matched tags, quoted unique attributes, known entities,
// no stray '<' or '&') and to count its elements. Not a general parser: no
// DTDs, CDATA or processing instructions beyond an XML declaration.
#pragma once

#include <cctype>
#include <functional>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace rubilnik::test {

struct XmlNode {
    std::string name;
    std::map<std::string, std::string> attrs;
    std::vector<XmlNode> children;
    std::string text;  // all character data directly inside, entities decoded

    bool has_class(const std::string& c) const {
        auto it = attrs.find("class");
        if (it == attrs.end()) return false;
        const std::string padded = " " + it->second + " ";
        return padded.find(" " + c + " ") != std::string::npos;
    }
    std::string attr(const std::string& a) const {
        auto it = attrs.find(a);
        return it == attrs.end() ? std::string() : it->second;
    }
    void visit(const std::function<void(const XmlNode&)>& f) const {
        f(*this);
        for (const auto& c : children) c.visit(f);
    }
    std::vector<const XmlNode*> find_all(const std::function<bool(const XmlNode&)>& pred) const {
        std::vector<const XmlNode*> out;
        visit([&](const XmlNode& n) {
            if (pred(n)) out.push_back(&n);
        });
        return out;
    }
};

class XmlLite {
public:
    static XmlNode parse(const std::string& s) {
        XmlLite p(s);
        p.skip_space();
        if (p.starts("<?xml")) {
            const auto e = s.find("?>", p.i_);
            if (e == std::string::npos) p.fail("unterminated XML declaration");
            p.i_ = e + 2;
        }
        p.skip_misc();
        XmlNode root = p.element();
        p.skip_misc();
        if (p.i_ != s.size()) p.fail("content after the root element");
        return root;
    }

private:
    explicit XmlLite(const std::string& s) : s_(s) {}

    [[noreturn]] void fail(const std::string& what) const {
        throw std::runtime_error("XML error at offset " + std::to_string(i_) + ": " + what + " near '" +
                                 s_.substr(i_, 40) + "'");
    }
    bool starts(const char* t) const { return s_.compare(i_, std::char_traits<char>::length(t), t) == 0; }
    void skip_space() {
        while (i_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[i_]))) ++i_;
    }
    void skip_misc() {
        for (;;) {
            skip_space();
            if (!starts("<!--")) return;
            comment();
        }
    }
    void comment() {
        const auto e = s_.find("-->", i_ + 4);
        if (e == std::string::npos) fail("unterminated comment");
        if (s_.substr(i_ + 4, e - i_ - 4).find("--") != std::string::npos) fail("'--' inside a comment");
        i_ = e + 3;
    }
    static bool name_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || c == ':'; }
    static bool name_char(char c) {
        return name_start(c) || std::isdigit(static_cast<unsigned char>(c)) || c == '-' || c == '.';
    }
    std::string name() {
        if (i_ >= s_.size() || !name_start(s_[i_])) fail("expected a name");
        const auto b = i_;
        while (i_ < s_.size() && name_char(s_[i_])) ++i_;
        return s_.substr(b, i_ - b);
    }
    std::string decode(const std::string& raw) const {
        std::string out;
        for (std::size_t k = 0; k < raw.size(); ++k) {
            if (raw[k] == '<') throw std::runtime_error("XML error: '<' in character data or attribute value");
            if (raw[k] != '&') {
                out += raw[k];
                continue;
            }
            const auto e = raw.find(';', k);
            if (e == std::string::npos) throw std::runtime_error("XML error: unterminated entity in '" + raw + "'");
            const std::string ent = raw.substr(k + 1, e - k - 1);
            if (ent == "amp") out += '&';
            else if (ent == "lt") out += '<';
            else if (ent == "gt") out += '>';
            else if (ent == "quot") out += '"';
            else if (ent == "apos") out += '\'';
            else if (ent.size() > 1 && ent[0] == '#') out += '?';  // numeric reference; value not needed
            else throw std::runtime_error("XML error: unknown entity &" + ent + ";");
            k = e;
        }
        return out;
    }
    XmlNode element() {
        if (!starts("<")) fail("expected '<'");
        ++i_;
        XmlNode n;
        n.name = name();
        for (;;) {
            const bool spaced = i_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[i_]));
            skip_space();
            if (starts("/>")) {
                i_ += 2;
                return n;
            }
            if (starts(">")) {
                ++i_;
                break;
            }
            if (!spaced) fail("attributes must be separated by white space");
            const std::string a = name();
            skip_space();
            if (!starts("=")) fail("expected '=' after attribute " + a);
            ++i_;
            skip_space();
            if (i_ >= s_.size() || (s_[i_] != '"' && s_[i_] != '\'')) fail("attribute value must be quoted");
            const char q = s_[i_++];
            const auto e = s_.find(q, i_);
            if (e == std::string::npos) fail("unterminated attribute value");
            if (n.attrs.count(a)) fail("duplicate attribute " + a);
            n.attrs[a] = decode(s_.substr(i_, e - i_));
            i_ = e + 1;
        }
        for (;;) {
            if (i_ >= s_.size()) fail("unclosed element <" + n.name + ">");
            if (starts("</")) {
                i_ += 2;
                const std::string close = name();
                if (close != n.name) fail("</" + close + "> closes <" + n.name + ">");
                skip_space();
                if (!starts(">")) fail("expected '>'");
                ++i_;
                return n;
            }
            if (starts("<!--")) {
                comment();
                continue;
            }
            if (starts("<")) {
                n.children.push_back(element());
                continue;
            }
            const auto e = s_.find('<', i_);
            n.text += decode(s_.substr(i_, e - i_));
            i_ = e == std::string::npos ? s_.size() : e;
        }
    }

    const std::string& s_;
    std::size_t i_ = 0;
};

}  // namespace rubilnik::test
