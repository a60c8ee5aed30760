"""Carry chromium's tags (the structure tree) into the joined book.

Each page of the book is printed as a tagged PDF: a structure tree of
headings, paragraphs, lists, links and figures (each figure with the alt text
of its image), read by screen readers and used to reflow the text. Joining the
pages with pypdf keeps their content but drops their trees; ``join_tags``
puts one tree together from them: every printed page's tree under one root,
its page references pointing at the book's pages and its parent tree keys
shifted so that those of one page do not meet those of another.
"""

from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NumberObject,
    TextStringObject,
)


def _number_tree(node):
    """The (key, value) pairs of a PDF number tree, its kids' included."""
    node = node.get_object()
    nums = node.get("/Nums", [])
    pairs = [(int(nums[i]), nums[i + 1]) for i in range(0, len(nums), 2)]
    for kid in node.get("/Kids", []):
        pairs += _number_tree(kid)
    return pairs


class _TreeCopy:
    """Copies one printed PDF's structure tree into the book's writer: its
    pages become the book's pages, its annotations those pypdf kept (a
    reference to one it dropped is left out), its root the book's root."""

    def __init__(self, writer, reader, first_page, root):
        self.writer, self.root = writer, root
        self.reader_root = reader.trailer["/Root"]["/StructTreeRoot"].get_object()
        self.pages = {
            page.indirect_reference.idnum: writer.pages[
                first_page + n
            ].indirect_reference
            for n, page in enumerate(reader.pages)
        }
        self.cloned = writer._id_translated.get(id(reader), {})
        self.copies = {}  # idnum in the printed PDF -> reference in the book

    def copy(self, obj):
        if isinstance(obj, IndirectObject):
            if obj.idnum in self.pages:
                return self.pages[obj.idnum]
            if obj.idnum in self.copies:
                return self.copies[obj.idnum]
            target = obj.get_object()
            if target is self.reader_root:
                return self.root
            if isinstance(target, DictionaryObject) and target.get("/Type") == "/Annot":
                if obj.idnum not in self.cloned:
                    return None  # an annotation the join did not keep
                return IndirectObject(self.cloned[obj.idnum], 0, self.writer)
            placeholder = (
                DictionaryObject()
                if isinstance(target, DictionaryObject)
                else ArrayObject()
            )
            ref = self.writer._add_object(placeholder)
            self.copies[obj.idnum] = ref  # before its children: they point back
            return ref if self._fill(placeholder, target) is not None else None
        if isinstance(obj, (DictionaryObject, ArrayObject)):
            return self._fill(type(obj)(), obj)
        return obj

    def _fill(self, out, source):
        if isinstance(source, DictionaryObject):
            for key, value in source.items():
                value = self.copy(value)
                if value is not None:
                    out[NameObject(key)] = value
            if source.get("/Type") == "/OBJR" and "/Obj" not in out:
                return None
            return out
        for value in source:
            value = self.copy(value)
            if value is not None:
                out.append(value)
        return out


def join_tags(writer, parts, lang="en"):
    """Give ``writer`` (the printed PDFs of ``parts`` appended one after the
    other) one structure tree made of theirs, and mark it tagged."""
    root = DictionaryObject({NameObject("/Type"): NameObject("/StructTreeRoot")})
    root_ref = writer._add_object(root)
    kids, nums, role_map, next_key, first_page = ArrayObject(), ArrayObject(), {}, 0, 0
    for reader in parts:
        tree = reader.trailer["/Root"].get("/StructTreeRoot")
        if tree is None:
            raise ValueError(f"a printed part has no structure tree: {reader}")
        tree = tree.get_object()
        copy = _TreeCopy(writer, reader, first_page, root_ref)
        top = tree["/K"]
        kids += [copy.copy(k) for k in (top if isinstance(top, ArrayObject) else [top])]
        role_map.update(tree.get("/RoleMap", {}))
        offset = next_key
        for key, value in sorted(
            _number_tree(tree["/ParentTree"]), key=lambda kv: kv[0]
        ):
            nums += [NumberObject(key + offset), copy.copy(value)]
            next_key = max(next_key, key + offset + 1)
        for n in range(len(reader.pages)):
            page = writer.pages[first_page + n]
            source = reader.pages[n]
            if "/StructParents" in source:
                page[NameObject("/StructParents")] = NumberObject(
                    source["/StructParents"] + offset
                )
            page[NameObject("/Tabs")] = NameObject("/S")
            for annot in page.get("/Annots", []):
                annot = annot.get_object()
                if "/StructParent" in annot:
                    annot[NameObject("/StructParent")] = NumberObject(
                        annot["/StructParent"] + offset
                    )
        first_page += len(reader.pages)
    root[NameObject("/K")] = kids
    root[NameObject("/ParentTree")] = writer._add_object(
        DictionaryObject({NameObject("/Nums"): nums})
    )
    root[NameObject("/ParentTreeNextKey")] = NumberObject(next_key)
    if role_map:
        root[NameObject("/RoleMap")] = DictionaryObject(role_map)
    catalog = writer._root_object
    catalog[NameObject("/StructTreeRoot")] = root_ref
    catalog[NameObject("/MarkInfo")] = DictionaryObject(
        {NameObject("/Marked"): BooleanObject(True)}
    )
    catalog[NameObject("/Lang")] = TextStringObject(lang)
