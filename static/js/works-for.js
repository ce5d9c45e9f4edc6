// The join form asks legislative staff which legislator they work for. With
// this script the question shows only once "Legislative staff" is chosen;
// without it the question is always there, marked "staff only".
const role = document.getElementById("id_role");
const worksFor = document.querySelector(".field--works-for");
if (role && worksFor) {
  const show = () => {
    worksFor.hidden = role.value !== "staff";
  };
  role.addEventListener("change", show);
  show();
}
