// A question page's list of its category's questions: a column in the left sidebar where Material
// shows one (wide screens), otherwise folded at the end of the page, where the HTML puts it.
import { stylesheet } from "./dom.js";

// Material's breakpoint from which the primary sidebar is a column rather than the drawer.
const WIDE = matchMedia("(min-width: 76.25em)");

export async function mount(nav, { root }) {
  await stylesheet(root, "assets/css/catnav.css");
  const home = document.createComment("category list");
  nav.before(home);
  const details = nav.querySelector("details");
  const place = () => {
    const sidebar = document.querySelector(".md-sidebar--primary .md-sidebar__inner");
    if (!home.isConnected) return WIDE.removeEventListener("change", place);  // the page was replaced
    if (WIDE.matches && sidebar) {
      sidebar.append(nav);
      nav.classList.add("lg-catnav--side");
      details.open = true;
      // after Material has sized the sidebar: bring the current question into its view
      requestAnimationFrame(() => {
        const current = nav.querySelector("[aria-current=page]");
        const scroller = nav.closest(".md-sidebar__scrollwrap");
        if (!current || !scroller) return;
        const offset = current.getBoundingClientRect().top - scroller.getBoundingClientRect().top;
        scroller.scrollTop += offset - scroller.clientHeight / 3;
      });
    } else if (nav.classList.contains("lg-catnav--side")) {  // back from the sidebar: folded again
      home.after(nav);
      nav.classList.remove("lg-catnav--side");
      details.open = false;
    }
  };
  place();
  WIDE.addEventListener("change", place);
}
