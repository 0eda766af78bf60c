"""The stored shape of each item type: `to_item` (a domain model to the attributes stored, plain JSON
values; the keys are added by the storage module that writes it) and `from_item` (back, old stored
formats included). A domain field renamed does not rename what is stored, nor the reverse."""
