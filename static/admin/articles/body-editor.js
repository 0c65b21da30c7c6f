// The story body's editor: django-prose-editor's "configurable" preset, less
// the <style> element Tiptap injects by default, which our CSP (style-src
// 'self') blocks. The same rules come from body-editor.css instead.
import * as prose from "django-prose-editor/editor";

const ATTRIBUTE = "data-django-prose-editor-body";

function createBodyEditor(textarea) {
  if (textarea.closest(".prose-editor")) return null;
  const config = JSON.parse(textarea.getAttribute(ATTRIBUTE));
  const extensions = Object.entries(config.extensions)
    .filter(([name]) => prose[name])
    .map(([name, options]) =>
      typeof options === "object" ? prose[name].configure(options) : prose[name],
    );
  const disabled = textarea.hasAttribute("disabled");
  // The editable area stands in for the textarea: give it the field's name
  // and help text for screen readers.
  const label = document.querySelector(`label[for="${textarea.id}"]`);
  const attributes = {
    "aria-label": label ? label.textContent.replace(/:\s*$/, "").trim() : textarea.name,
  };
  if (textarea.hasAttribute("aria-describedby")) {
    attributes["aria-describedby"] = textarea.getAttribute("aria-describedby");
  }
  const wrapper = document.createElement("div");
  wrapper.className = disabled ? "prose-editor disabled" : "prose-editor";
  textarea.before(wrapper);
  wrapper.append(textarea);
  return new prose.Editor({
    element: wrapper,
    editable: !disabled,
    extensions,
    content: textarea.value,
    injectCSS: false,
    editorProps: { attributes },
    onUpdate({ editor }) {
      const html = editor.getHTML();
      // An empty editor holds one empty paragraph: save it as empty.
      textarea.value = /^<(\w+)(\s[^>]*)?><\/\1>$/i.test(html) ? "" : html;
      textarea.dispatchEvent(new Event("input", { bubbles: true }));
    },
    onDestroy() {
      wrapper.before(textarea);
      wrapper.remove();
    },
  });
}

prose.initializeEditors(createBodyEditor, `[${ATTRIBUTE}]`);
